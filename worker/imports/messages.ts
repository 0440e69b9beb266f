/**
 * The IMPORTS queue's message: one chunk of at most 100 valid rows of one import, and what the
 * consumer needs to apply them without reading anything else. Producer: the upload
 * (worker/imports/upload); consumer: `consumeImportBatch`.
 */
import { z } from "zod";
import type { JsonObject } from "../lib/json.ts";
import type { ImportRow } from "./mapping/map-record.ts";

/** Queue name (wrangler.toml `[[queues.consumers]] queue`). */
export const IMPORTS_QUEUE = "nudge-imports";
/** Rows per message. */
export const ROWS_PER_MESSAGE = 100;
/** Queues take at most 128 KB per message; this leaves room for the envelope. */
export const MAX_MESSAGE_BYTES = 120_000;

/** A row as queued: `stage: "enter"` when only the journey entry is left (its profile update is done). */
export interface QueuedRow extends ImportRow {
  stage?: "enter";
  /** How many times this row was already tried (retries of transient failures). */
  attempt?: number;
}

export interface ImportMessage {
  type: "import-rows";
  workspace: string;
  /** The chunk's key: hash of scope and rows; progress is recorded against it. */
  chunk: string;
  /** Journey to enter each user into, or null. */
  journey: string | null;
  /** Hash of workspace, journey and the import's key: what makes two rows "the same". */
  scope: string;
  /** When the upload started (epoch ms): the identify calls' timestamp. */
  at: number;
  rows: QueuedRow[];
}

const JsonObjectSchema = z.custom<JsonObject>((v) => typeof v === "object" && v !== null && !Array.isArray(v));

const Message = z.object({
  type: z.literal("import-rows"),
  workspace: z.string().min(1),
  chunk: z.string().min(1),
  journey: z.string().min(1).nullable(),
  scope: z.string().min(1),
  at: z.number().finite(),
  rows: z.array(
    z.object({
      line: z.number().int().positive(),
      userId: z.string().min(1),
      traits: JsonObjectSchema,
      stage: z.literal("enter").optional(),
      attempt: z.number().int().nonnegative().optional(),
    }),
  ),
});

/** The message, or null when `body` is not one (a malformed message cannot be fixed by retrying). */
export function parseImportMessage(body: unknown): ImportMessage | null {
  const parsed = Message.safeParse(body);
  return parsed.success ? parsed.data : null;
}

/** UTF-8 size of `value` as JSON (what the queue counts). */
export function jsonBytes(value: unknown): number {
  return new TextEncoder().encode(JSON.stringify(value)).byteLength;
}
