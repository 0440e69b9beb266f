/**
 * Sends ingest items to their users' Durable Objects: items are grouped by object name so each
 * user's object is called once per request (in item order), groups run in parallel (bounded),
 * and every item gets an outcome at its original index. A group whose call fails gets `failed`
 * outcomes (the caller answers 503 so the sender retries; the objects de-duplicate by messageId).
 */
import type { IngestItem, IngestResult, UserRef } from "../../user/types.ts";
import { userObjectName } from "../../workspace/user-object-name.ts";

/** Calls one user's object. */
export type IngestCall = (objectName: string, ref: UserRef, items: IngestItem[]) => Promise<IngestResult[]>;

export type ItemOutcome =
  | { status: "accepted" | "duplicate"; messageId: string }
  | { status: "rejected"; messageId: string | null; reason: string; path?: string }
  | { status: "failed"; messageId: string; reason: string };

/** Most user objects called at once for one request. */
const PARALLEL_USERS = 32;

/** Outcomes in the order of `items`. */
export async function dispatchItems(workspace: string, items: readonly IngestItem[], call: IngestCall): Promise<ItemOutcome[]> {
  const outcomes: ItemOutcome[] = new Array(items.length);
  const groups = new Map<string, { ref: UserRef; indexes: number[] }>();
  items.forEach((item, index) => {
    const name = userObjectName(workspace, item);
    if (name === null) {
      outcomes[index] = { status: "rejected", messageId: item.messageId, reason: "userId or anonymousId is required", path: "userId" };
      return;
    }
    const group = groups.get(name) ?? { ref: refOf(workspace, item), indexes: [] };
    group.indexes.push(index);
    groups.set(name, group);
  });
  const queue = [...groups.entries()];
  const worker = async (): Promise<void> => {
    for (let next = queue.shift(); next !== undefined; next = queue.shift()) {
      const [name, { ref, indexes }] = next;
      const batch = indexes.map((i) => items[i]).filter((item): item is IngestItem => item !== undefined);
      const results = await call(name, ref, batch).catch((err: unknown) => failure(err));
      indexes.forEach((index, k) => {
        const item = items[index];
        if (item === undefined) return;
        outcomes[index] = results === null ? failedOutcome(item) : (results[k] ?? failedOutcome(item));
      });
    }
  };
  await Promise.all(Array.from({ length: Math.min(PARALLEL_USERS, queue.length) }, worker));
  return outcomes;
}

function refOf(workspace: string, item: IngestItem): UserRef {
  return {
    workspace,
    ...(item.userId === undefined ? {} : { userId: item.userId }),
    ...(item.anonymousId === undefined || item.userId !== undefined ? {} : { anonymousId: item.anonymousId }),
  };
}

function failure(err: unknown): null {
  console.error("[nudge] user object call failed", err);
  return null;
}

function failedOutcome(item: IngestItem): ItemOutcome {
  return { status: "failed", messageId: item.messageId, reason: "the user's object could not be reached; retry the request" };
}
