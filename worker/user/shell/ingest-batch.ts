/**
 * Ingesting a batch: each item is checked, then handled in its own transaction, so one bad or
 * failing item cannot undo the others. An item whose handling throws is still stored (without
 * running journeys) and reported accepted; the trace says what went wrong.
 */
import { normalizeItem } from "../ingest/normalize-item.ts";
import { ingestFallback, ingestInput } from "../runtime/inputs.ts";
import { isRecord } from "../store/profile-store.ts";
import type { IngestResult } from "../types.ts";
import type { Session } from "./input-runner.ts";

export function ingestBatch(session: Session, items: readonly unknown[]): IngestResult[] {
  return items.map((raw) => ingestOne(session, raw));
}

function ingestOne(session: Session, raw: unknown): IngestResult {
  const normalized = normalizeItem(raw, session.now);
  if (!normalized.ok) {
    const id = isRecord(raw) && typeof raw["messageId"] === "string" ? raw["messageId"] : null;
    return { status: "rejected", messageId: id, reason: normalized.reason, path: normalized.path };
  }
  const item = normalized.item;
  try {
    return { status: session.transact((turn) => ingestInput(turn, item)), messageId: item.messageId };
  } catch (error) {
    console.error(`[nudge] ingest ${item.messageId} failed: ${error instanceof Error ? error.stack : String(error)}`);
    try {
      session.transact((turn) => ingestFallback(turn, item, error));
      return { status: "accepted", messageId: item.messageId };
    } catch {
      return { status: "rejected", messageId: item.messageId, reason: "internal error: the item could not be stored" };
    }
  }
}
