/** The upload pipeline: chunks and rejections flushed as it reads, stable ids, header errors. */
import { describe, expect, it } from "vitest";
import { parseCsvPieces } from "../../../worker/imports/csv/read-csv.ts";
import { parseImportOptions, type ImportOptions } from "../../../worker/imports/options.ts";
import { ImportHeaderError, readUpload, type FlushPart, type UploadSink } from "../../../worker/imports/upload/read-upload.ts";

function options(raw: Record<string, string> = {}): ImportOptions {
  const result = parseImportOptions(raw);
  if (!result.ok) throw new Error(result.message);
  return result.options;
}

class RecordingSink implements UploadSink {
  parts: FlushPart[] = [];
  async flush(part: FlushPart): Promise<void> {
    this.parts.push(part);
  }
}

async function* records(text: string) {
  yield* parseCsvPieces([text]);
}

function csv(rows: number, bad: (i: number) => boolean = () => false): string {
  const lines = ["id,email,score"];
  for (let i = 1; i <= rows; i++) lines.push(bad(i) ? `u${i},not-an-email,${i}` : `u${i},u${i}@example.com,${i}`);
  return `${lines.join("\n")}\n`;
}

describe("readUpload", () => {
  it("sends valid rows in chunks of 100 in file order and every rejection with its line", async () => {
    const sink = new RecordingSink();
    const summary = await readUpload(records(csv(250, (i) => i % 50 === 0)), { workspace: "demo", options: options() }, sink);
    expect(summary).toMatchObject({ rowsRead: 250, rowsValid: 245, rowsRejected: 5, chunks: 3, stopped: null, header: ["id", "email", "score"] });
    const chunks = sink.parts.flatMap((p) => p.chunks);
    expect(chunks.map((c) => c.rows.length)).toEqual([100, 100, 45]);
    expect(chunks[0]?.rows[0]).toEqual({ line: 2, userId: "u1", traits: { email: "u1@example.com", score: 1 } });
    expect(chunks.map((c) => c.firstLine)).toEqual([2, 104, 206]);
    const lines = chunks.flatMap((c) => c.rows.map((r) => r.line));
    expect(lines).toEqual([...lines].sort((a, b) => a - b));
    expect(sink.parts.flatMap((p) => p.rejected)).toEqual(
      // Each rejection names its row's user, so erasing that user also erases the rejection (GDPR).
      [50, 100, 150, 200, 250].map((i) => ({ line: i + 1, reason: '"not-an-email" is not an e-mail address', column: "email", userId: `u${i}` })),
    );
  });

  it("flushes while it reads, never holding more than the limits", async () => {
    const sink = new RecordingSink();
    let flushesBeforeEnd = 0;
    async function* slow() {
      for (const batch of parseCsvPieces(csv(1_000).match(/[^]{1,500}/g) ?? [])) {
        yield batch;
        flushesBeforeEnd = sink.parts.length;
      }
    }
    const summary = await readUpload(slow(), { workspace: "demo", options: options() }, sink, { flushChunks: 2, flushRejected: 10 });
    expect(summary.chunks).toBe(10);
    expect(sink.parts.map((p) => p.chunks.length)).toEqual([2, 2, 2, 2, 2]);
    expect(flushesBeforeEnd).toBeGreaterThanOrEqual(4);
  });

  it("gives the same id to the same file and options, another to any change", async () => {
    const id = async (text: string, raw: Record<string, string> = {}, workspace = "demo") =>
      (await readUpload(records(text), { workspace, options: options(raw) }, new RecordingSink())).id;
    const base = await id(csv(10));
    expect(base).toMatch(/^imp_[0-9a-f]{24}$/);
    expect(await id(csv(10))).toBe(base);
    expect(await id(csv(10).replace(/\n/g, "\r\n")), "the id is of the records, not of the line ends").toBe(base);
    expect(await id(csv(10).replace("u3@", "u33@"))).not.toBe(base);
    expect(await id(csv(11))).not.toBe(base);
    expect(await id(csv(10), { journey: "welcome" })).not.toBe(base);
    expect(await id(csv(10), { dryRun: "true" })).not.toBe(base);
    expect(await id(csv(10), {}, "other")).not.toBe(base);
  });

  it.each([
    ["", "file", /the file is empty/],
    ["name,email\nAda,a@example.com\n", "header", /no user id column/],
    ['id,"email\n', "header", /not closed/],
  ])("refuses an unusable header before sending anything (%j)", async (text, path, message) => {
    const sink = new RecordingSink();
    const error = await readUpload(records(text), { workspace: "demo", options: options() }, sink).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ImportHeaderError);
    expect(error instanceof ImportHeaderError ? [error.path, error.message] : []).toEqual([path, expect.stringMatching(message)]);
    expect(sink.parts).toEqual([]);
  });

  it("stops at a record too long to be real, keeping the rows before it", async () => {
    const sink = new RecordingSink();
    async function* pieces() {
      yield* parseCsvPieces(["id\nu1\nu2\n", `"${"x".repeat(600_000)}`, "x".repeat(600_000)]);
    }
    const summary = await readUpload(pieces(), { workspace: "demo", options: options() }, sink);
    expect(summary.stopped).toEqual({ line: 4, reason: expect.stringMatching(/line 4 is longer than 1048576 characters/) });
    expect(summary.rowsValid).toBe(2);
    expect(sink.parts.flatMap((p) => p.rejected)).toEqual([summary.stopped]);
  });
});
