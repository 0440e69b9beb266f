/** Builds an `EngagementSignal` without undefined fields, so parsed output stays plain, comparable JSON. */
import type { EngagementSignal } from "../delivery/engagement/signal.ts";
import type { MessageRef } from "./message-ref.ts";

type Optional = "userId" | "messageKey" | "providerMessageId" | "address" | "url" | "permanent" | "reason";

export type SignalFields = Omit<EngagementSignal, Optional> & { ref?: MessageRef } & { [K in Optional]?: EngagementSignal[K] | undefined };

export function makeSignal(fields: SignalFields): EngagementSignal {
  const { ref, ...rest } = fields;
  const merged: Record<string, unknown> = { ...rest, userId: ref?.userId ?? rest.userId, messageKey: ref?.messageKey ?? rest.messageKey };
  const out: EngagementSignal = { channel: rest.channel, type: rest.type, at: rest.at, source: rest.source, id: rest.id };
  for (const key of ["userId", "messageKey", "providerMessageId", "address", "url", "permanent", "reason"] as const) {
    const value = merged[key];
    if (value === undefined) continue;
    if (key === "permanent") {
      if (typeof value === "boolean") out.permanent = value;
    } else if (typeof value === "string") {
      out[key] = value;
    }
  }
  return out;
}
