/**
 * Import test kit (real workerd, real D1 and user objects): the imports sub-app behind a stub
 * auth that sets the workspace, a queue producer that records what the upload sends, and a
 * `drain` that feeds recorded messages to `consumeImportBatch` through `createMessageBatch`.
 */
import { createExecutionContext, createMessageBatch, getQueueResult, type QueueResult } from "cloudflare:test";
import { env, exports } from "cloudflare:workers";
import { Hono } from "hono";
import { vi } from "vitest";
import type { AppEnv } from "../../../worker/http/app-env.ts";
import { consumeImportBatch } from "../../../worker/imports/apply/consume-import-batch.ts";
import { IMPORTS_QUEUE, type ImportMessage, parseImportMessage } from "../../../worker/imports/messages.ts";
import { jsonErrors } from "../../../worker/middleware/json-errors.ts";
import { imports } from "../../../worker/routes/imports.ts";
import type { UserObjects } from "../../../worker/workspace/user-objects.ts";

// The first request of a file compiles the Worker inside workerd: seconds on a busy machine.
vi.setConfig({ testTimeout: 60_000 });

export const WORKSPACE = "demo";
export const SECRET_KEY = "sk_dev";

/** A Queue producer that keeps what is sent (and can tell when the first batch arrives). */
export class RecordingQueue implements Queue<unknown> {
  sent: { body: unknown; delaySeconds: number }[] = [];
  sendBatchCalls = 0;
  #firstSend: (() => void) | null = null;
  /** Resolves when the first message is sent. */
  readonly firstSend = new Promise<void>((resolve) => {
    this.#firstSend = resolve;
  });

  async metrics(): Promise<QueueMetrics> {
    return { backlogCount: 0, backlogBytes: 0 };
  }

  async send(body: unknown, options?: QueueSendOptions): Promise<QueueSendResponse> {
    this.sent.push({ body, delaySeconds: options?.delaySeconds ?? 0 });
    this.#firstSend?.();
    return { metadata: { metrics: { backlogCount: 0, backlogBytes: 0 } } };
  }

  async sendBatch(messages: Iterable<MessageSendRequest<unknown>>): Promise<QueueSendBatchResponse> {
    this.sendBatchCalls += 1;
    for (const m of messages) this.sent.push({ body: m.body, delaySeconds: m.delaySeconds ?? 0 });
    this.#firstSend?.();
    return { metadata: { metrics: { backlogCount: 0, backlogBytes: 0 } } };
  }

  /** Removes and returns everything sent so far. */
  take(): ImportMessage[] {
    const out = this.sent.map((s) => {
      const message = parseImportMessage(s.body);
      if (message === null) throw new Error(`not an import message: ${JSON.stringify(s.body).slice(0, 200)}`);
      return message;
    });
    this.sent = [];
    return out;
  }
}

/** The imports routes as mounted, with the workspace set as the admin key check would. */
export function importsApp(): Hono<AppEnv> {
  const app = new Hono<AppEnv>();
  app.use("*", async (c, next) => {
    c.set("workspace", WORKSPACE);
    c.set("keyKind", "secret");
    await next();
  });
  app.route("/v1/admin/imports", imports);
  app.onError(jsonErrors());
  return app;
}

export interface Answer<T> {
  status: number;
  body: T;
}

/** POSTs `body` (CSV text or a stream) as text/csv with options in the query, through `queue`. */
export async function upload<T = ImportBody>(
  body: string | ReadableStream<Uint8Array>,
  query: Record<string, string> = {},
  queue: Queue<unknown> = new RecordingQueue(),
  headers: Record<string, string> = { "content-type": "text/csv" },
): Promise<Answer<T>> {
  const qs = new URLSearchParams(query).toString();
  const res = await importsApp().request(`/v1/admin/imports${qs === "" ? "" : `?${qs}`}`, { method: "POST", body, headers }, { ...env, IMPORTS: queue });
  return { status: res.status, body: await res.json<T>() };
}

/** GET on the imports routes. */
export async function get<T = ImportBody>(path: string): Promise<Answer<T>> {
  const res = await importsApp().request(`/v1/admin/imports${path}`, {}, env);
  return { status: res.status, body: await res.json<T>() };
}

/** The JSON of an import (what the routes answer). */
export interface ImportBody {
  id: string;
  status: string;
  statusUrl?: string;
  rerun?: boolean;
  error?: string;
  uploads: number;
  filename: string | null;
  rows: Record<"read" | "valid" | "rejected" | "queued" | "skipped" | "applied" | "failed" | "pending" | "entered" | "notEntered" | "duplicates", number>;
  errors: { line: number; kind: string; reason: string; column?: string }[];
  nextErrorsAfter: number | null;
}

let batchSeq = 0;

/** Delivers `messages` to the consumer as one batch; returns the acks and retries. */
export async function deliver(messages: readonly ImportMessage[], users?: Pick<UserObjects, "ingest" | "enter">, attempts = 1): Promise<QueueResult> {
  const batch = createMessageBatch<unknown>(
    IMPORTS_QUEUE,
    messages.map((body) => ({ id: `m${++batchSeq}`, timestamp: new Date("2026-05-01T09:00:00Z"), attempts, body })),
  );
  const ctx = createExecutionContext();
  const testEnv = { ...env, IMPORTS: retryQueue };
  await consumeImportBatch(batch, testEnv, users);
  return getQueueResult(batch, ctx);
}

/** Where the consumer re-sends rows to retry (tests read it with `take`). */
export const retryQueue = new RecordingQueue();

/** Delivers `messages` four at a time (like the queue's max_batch_size), then the retries they caused. */
export async function drain(messages: readonly ImportMessage[], users?: Pick<UserObjects, "ingest" | "enter">): Promise<void> {
  let pending = [...messages];
  for (let round = 0; pending.length > 0 && round < 10; round++) {
    for (let i = 0; i < pending.length; i += 4) await deliver(pending.slice(i, i + 4), users);
    pending = retryQueue.take();
  }
}

/** Admin API call through the real Worker (secret key). */
export async function adminCall(method: string, path: string, body?: unknown): Promise<Answer<Record<string, unknown>>> {
  const init: RequestInit = { method, headers: { authorization: `Bearer ${SECRET_KEY}`, "content-type": "application/json" } };
  if (body !== undefined) init.body = JSON.stringify(body);
  const res = await exports.default.fetch(`http://nudge.test/v1/admin${path}`, init);
  return { status: res.status, body: await res.json() };
}

/** Publishes a journey with a manual trigger that adds 1 to trait `entries` and ends (re-entry always). */
export async function publishManualJourney(id: string, trigger: unknown = { type: "manual" }): Promise<void> {
  const definition = {
    id,
    name: `Imported users ${id}`,
    trigger,
    entry: { reentry: "always" },
    start: "count",
    nodes: { count: { type: "update_attribute", attribute: "entries", increment: 1, next: "end" }, end: { type: "end" } },
  };
  const put = await adminCall("PUT", `/journeys/${id}`, definition);
  if (put.status >= 300) throw new Error(`PUT journey ${id}: ${JSON.stringify(put.body)}`);
  const published = await adminCall("POST", `/journeys/${id}/publish`);
  if (published.status >= 300) throw new Error(`publish ${id}: ${JSON.stringify(published.body)}`);
}

/** A user's profile traits (null if never seen). */
export async function traitsOf(userId: string): Promise<Record<string, unknown> | null> {
  const profile = await env.USERS.getByName(`${WORKSPACE}:${userId}`).getProfile();
  return profile === null ? null : profile.traits;
}

/** A CSV of `n` rows `prefix1…prefixN` with e-mail and a plan. */
export function usersCsv(prefix: string, n: number, plan = "pro"): string {
  const lines = ["userId,email,plan"];
  for (let i = 1; i <= n; i++) lines.push(`${prefix}${i},${prefix}${i}@example.com,${plan}`);
  return `${lines.join("\n")}\n`;
}
