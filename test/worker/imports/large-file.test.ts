/**
 * A 100,000-row file through the upload handler in workerd: it is read as it streams in (rows are
 * queued long before the body ends, so the file is never held whole), in messages of at most 100
 * rows and sendBatch calls within the Queues limits.
 */
import { describe, expect, it } from "vitest";
import { parseImportMessage } from "../../../worker/imports/messages.ts";
import { get, upload } from "./helpers.ts";

const ROWS = 100_000;
const ROWS_PER_PULL = 1_000;

/** Counts what is sent instead of keeping it; notes when the first batch arrives. */
class CountingQueue implements Queue<unknown> {
  messages = 0;
  rows = 0;
  maxRowsPerMessage = 0;
  maxMessagesPerBatch = 0;
  maxBatchBytes = 0;
  lastLine = 0;
  ordered = true;
  firstSentAt: number | null = null;
  #onFirst: () => void = () => undefined;
  readonly firstSend = new Promise<void>((resolve) => {
    this.#onFirst = resolve;
  });

  async metrics(): Promise<QueueMetrics> {
    return { backlogCount: 0, backlogBytes: 0 };
  }

  async send(): Promise<QueueSendResponse> {
    throw new Error("the upload sends in batches");
  }

  async sendBatch(requests: Iterable<MessageSendRequest<unknown>>): Promise<QueueSendBatchResponse> {
    const list = [...requests];
    this.maxMessagesPerBatch = Math.max(this.maxMessagesPerBatch, list.length);
    this.maxBatchBytes = Math.max(this.maxBatchBytes, new TextEncoder().encode(JSON.stringify(list.map((r) => r.body))).byteLength);
    for (const request of list) {
      const message = parseImportMessage(request.body);
      if (message === null) throw new Error("not an import message");
      this.messages += 1;
      this.rows += message.rows.length;
      this.maxRowsPerMessage = Math.max(this.maxRowsPerMessage, message.rows.length);
      for (const row of message.rows) {
        if (row.line <= this.lastLine) this.ordered = false;
        this.lastLine = row.line;
      }
    }
    this.#onFirst();
    return { metadata: { metrics: { backlogCount: 0, backlogBytes: 0 } } };
  }
}

/** The file, generated as it is read; halfway it waits until the handler has queued something. */
function slowFile(queue: CountingQueue, progress: { emitted: number; ended: boolean }): ReadableStream<Uint8Array> {
  const encoder = new TextEncoder();
  let next = 1;
  return new ReadableStream<Uint8Array>({
    start(controller) {
      controller.enqueue(encoder.encode("userId,email,phone,plan,score,signed_up\r\n"));
    },
    async pull(controller) {
      if (next > ROWS) {
        progress.ended = true;
        controller.close();
        return;
      }
      if (next > ROWS / 2) {
        const timeout = new Promise<"timeout">((resolve) => setTimeout(() => resolve("timeout"), 20_000));
        if ((await Promise.race([queue.firstSend.then(() => "sent" as const), timeout])) === "timeout") {
          controller.error(new Error("nothing was queued while half the file was still unread"));
          return;
        }
      }
      let text = "";
      for (const end = Math.min(ROWS, next + ROWS_PER_PULL - 1); next <= end; next++) {
        text += `big-${next},big${next}@example.com,+1415${String(next).padStart(7, "0")},${next % 3 === 0 ? "pro" : "free"},${next % 100},2026-04-${String((next % 28) + 1).padStart(2, "0")}\r\n`;
      }
      progress.emitted = next - 1;
      controller.enqueue(encoder.encode(text));
    },
  });
}

describe("a 100,000-row file", () => {
  it("streams through the handler: queued while still being read, in messages of ≤100 rows", { timeout: 300_000 }, async () => {
    const queue = new CountingQueue();
    const progress = { emitted: 0, ended: false };
    let emittedAtFirstSend = -1;
    void queue.firstSend.then(() => {
      emittedAtFirstSend = progress.emitted;
    });
    const res = await upload(slowFile(queue, progress), {}, queue);
    expect(res.status).toBe(202);
    expect(progress.ended).toBe(true);
    expect(emittedAtFirstSend).toBeGreaterThan(0);
    expect(emittedAtFirstSend, "rows generated when the first batch was queued").toBeLessThan(ROWS / 2);
    expect(res.body.rows).toMatchObject({ read: ROWS, valid: ROWS, rejected: 0, queued: ROWS, pending: ROWS });
    expect(queue).toMatchObject({ messages: ROWS / 100, rows: ROWS, maxRowsPerMessage: 100, ordered: true, lastLine: ROWS + 1 });
    expect(queue.maxMessagesPerBatch).toBeLessThanOrEqual(100);
    expect(queue.maxBatchBytes).toBeLessThan(256_000);
    const status = await get(`/${res.body.id}`);
    expect(status.body.status).toBe("processing");
    expect(status.body.rows.queued).toBe(ROWS);
  });
});
