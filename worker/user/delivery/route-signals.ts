/**
 * Hands engagement signals from the Worker's routes (provider webhooks, unsubscribe links,
 * browser reports) to the users' objects. Each signal finds its object by, in order: the object id
 * at the start of its delivery key (delivery-key.ts), its user id, then the callback index
 * (provider message id, then address; provider-index.ts). Signals are grouped so each object is
 * called once. A signal no object can be found for is counted as unmatched.
 */
import type { EngagementSignal } from "../../delivery/engagement/signal.ts";
import { userObjectName } from "../../workspace/user-object-name.ts";
import { parseDeliveryKey } from "./delivery-key.ts";
import { lookupIndexedObject } from "./provider-index.ts";

export interface SignalDelivery {
  applied: number;
  duplicates: number;
  unmatched: number;
}

type RoutingEnv = Pick<Env, "USERS" | "CATALOG_KV">;

/** The user object a signal is about, or null when nothing identifies one. */
export async function signalObject(env: RoutingEnv, workspace: string, signal: EngagementSignal): Promise<DurableObjectId | null> {
  const parts = signal.messageKey === undefined ? null : parseDeliveryKey(signal.messageKey);
  if (parts !== null) {
    try {
      return env.USERS.idFromString(parts.objectId);
    } catch {
      // Not an id of this namespace: fall through to the other ways.
    }
  }
  const name = signal.userId === undefined ? null : userObjectName(workspace, { userId: signal.userId });
  if (name !== null) return env.USERS.idFromName(name);
  const indexed = await lookupIndexedObject(env.CATALOG_KV, workspace, { providerMessageId: signal.providerMessageId, address: signal.address });
  if (indexed === null) return null;
  try {
    return env.USERS.idFromString(indexed);
  } catch {
    return null;
  }
}

/** Groups `signals` by user object and applies them there. */
export async function deliverSignals(env: RoutingEnv, workspace: string, signals: readonly EngagementSignal[]): Promise<SignalDelivery> {
  const groups = new Map<string, { id: DurableObjectId; signals: EngagementSignal[] }>();
  const result: SignalDelivery = { applied: 0, duplicates: 0, unmatched: 0 };
  for (const signal of signals) {
    const id = await signalObject(env, workspace, signal);
    if (id === null) {
      result.unmatched += 1;
      continue;
    }
    const group = groups.get(id.toString()) ?? { id, signals: [] };
    group.signals.push(signal);
    groups.set(id.toString(), group);
  }
  await Promise.all(
    [...groups.values()].map(async (group) => {
      const r = await env.USERS.get(group.id).recordEngagement(workspace, group.signals);
      if (r.unknown) result.unmatched += group.signals.length;
      result.applied += r.applied;
      result.duplicates += r.duplicates;
    }),
  );
  return result;
}
