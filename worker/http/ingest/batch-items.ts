/**
 * Validates each item of a batch on its own (type, 32 KB size, its type's schema) and builds the
 * batch response: per-item results at their original index, so one bad item never drops the
 * others. 200 when every valid item was stored or recognised as a duplicate; 503 when a user's
 * object could not be reached (the sender should retry the whole batch: duplicates are dropped).
 */
import type { IngestItem } from "../../user/types.ts";
import type { Problem } from "../errors.ts";
import { EVENT_MAX_BYTES } from "../read-json.ts";
import { EVENT_SCHEMAS, type Batch, type EventType } from "../schemas/batch.ts";
import { checkCall } from "./check-call.ts";
import type { ItemOutcome } from "./dispatch.ts";
import { type NormalizeContext, normalizeCall } from "./normalize-call.ts";

export type CheckedItem = { type: "valid"; item: IngestItem } | { type: "invalid"; messageId: string | null; error: Problem };

/** One result per batch item, in order. Pure given `ctx.newId`. */
export function validateBatchItems(envelope: Batch, ctx: Omit<NormalizeContext, "sentAt" | "context">): CheckedItem[] {
  const itemCtx: NormalizeContext = { ...ctx, sentAt: envelope.sentAt, context: envelope.context };
  return envelope.batch.map((raw, i): CheckedItem => {
    const at = `batch[${i}]`;
    const messageId = messageIdOf(raw);
    if (typeof raw !== "object" || raw === null || Array.isArray(raw)) {
      return { type: "invalid", messageId, error: { path: at, code: "invalid_type", message: "each batch item must be a JSON object" } };
    }
    const type: unknown = Reflect.get(raw, "type");
    if (!isEventType(type)) {
      const message = `type must be one of ${Object.keys(EVENT_SCHEMAS).join(", ")}`;
      return { type: "invalid", messageId, error: { path: `${at}.type`, code: "invalid_value", message } };
    }
    if (new TextEncoder().encode(JSON.stringify(raw)).byteLength > EVENT_MAX_BYTES) {
      return { type: "invalid", messageId, error: { path: at, code: "payload_too_large", message: "an item is larger than 32 KB" } };
    }
    const checked = checkCall(type, raw, at);
    if (!checked.ok) {
      const first = checked.problems[0] ?? { path: at, code: "invalid", message: "invalid item" };
      return { type: "invalid", messageId, error: first };
    }
    return { type: "valid", item: normalizeCall(checked.call, itemCtx) };
  });
}

export interface BatchItemResult {
  index: number;
  messageId: string | null;
  status: "accepted" | "duplicate" | "rejected" | "failed";
  error?: Problem;
}

/** The response for a batch: counts and per-item results (`outcomes` are for the valid items, in order). */
export function batchResponse(
  checked: readonly CheckedItem[],
  outcomes: readonly ItemOutcome[],
): { status: 200 | 503; body: { success: boolean; accepted: number; duplicate: number; rejected: number; failed: number; results: BatchItemResult[] } } {
  let next = 0;
  const results = checked.map((c, index): BatchItemResult => {
    if (c.type === "invalid") return { index, messageId: c.messageId, status: "rejected", error: c.error };
    const outcome = outcomes[next++];
    if (outcome === undefined) return { index, messageId: c.item.messageId, status: "failed" };
    if (outcome.status === "rejected") {
      const path = outcome.path === undefined || outcome.path === "" ? `batch[${index}]` : `batch[${index}].${outcome.path}`;
      return { index, messageId: outcome.messageId, status: "rejected", error: { path, code: "rejected", message: outcome.reason } };
    }
    if (outcome.status === "failed") {
      return { index, messageId: outcome.messageId, status: "failed", error: { path: `batch[${index}]`, code: "unavailable", message: outcome.reason } };
    }
    return { index, messageId: outcome.messageId, status: outcome.status };
  });
  const count = (status: BatchItemResult["status"]): number => results.filter((r) => r.status === status).length;
  const failed = count("failed");
  return {
    status: failed > 0 ? 503 : 200,
    body: { success: failed === 0, accepted: count("accepted"), duplicate: count("duplicate"), rejected: count("rejected"), failed, results },
  };
}

function isEventType(value: unknown): value is EventType {
  return typeof value === "string" && Object.hasOwn(EVENT_SCHEMAS, value);
}

function messageIdOf(raw: unknown): string | null {
  if (typeof raw !== "object" || raw === null) return null;
  const id: unknown = Reflect.get(raw, "messageId");
  return typeof id === "string" ? id : null;
}
