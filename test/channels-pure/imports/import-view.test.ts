/** The import's status as GET shows it, derived from the stored record and its chunks' progress. */
import { describe, expect, it } from "vitest";
import { STALLED_UPLOAD_MS, importView } from "../../../worker/imports/import-view.ts";
import type { ChunkProgress } from "../../../worker/imports/store/import-chunks.ts";
import type { ImportRecord } from "../../../worker/imports/store/import-jobs.ts";

const T0 = Date.parse("2026-05-01T09:00:00Z");

function record(over: Partial<ImportRecord> = {}): ImportRecord {
  return {
    id: "imp_x", workspace: "demo", status: "queued", filename: null, error: null, createdAt: T0, updatedAt: T0, readAt: T0, uploads: 1,
    options: { journey: null, mapping: {}, types: {}, dryRun: false, delimiter: ",", key: null, phonePrefix: null },
    rowsRead: 250, rowsValid: 240, rowsRejected: 10, rowsQueued: 240, rowsSkipped: 0, chunks: 3, ...over,
  };
}

function progress(over: Partial<ChunkProgress> = {}): ChunkProgress {
  return { chunks: 3, chunksDone: 0, rows: 240, applied: 0, failed: 0, entered: 0, notEntered: 0, duplicates: 0, ...over };
}

describe("importView", () => {
  it.each([
    ["queued, nothing applied", record(), progress(), T0, "processing", 240],
    ["queued, some chunks done", record(), progress({ chunksDone: 2, applied: 199, failed: 1 }), T0, "processing", 40],
    ["every chunk done", record(), progress({ chunksDone: 3, applied: 238, failed: 2 }), T0, "done", 0],
    ["chunks not all linked yet", record({ chunks: 4 }), progress({ chunksDone: 3, applied: 240 }), T0, "processing", 0],
    ["being read", record({ status: "receiving" }), progress(), T0 + 60_000, "receiving", 240],
    ["read stopped long ago", record({ status: "receiving" }), progress(), T0 + STALLED_UPLOAD_MS + 1, "failed", 240],
    ["dry run", record({ status: "dry_run" }), progress({ chunks: 0 }), T0, "dry_run", 0],
    ["stopped at a bad record", record({ status: "failed", error: "could not read past line 9" }), progress(), T0, "failed", 240],
  ])("%s → %s", (_, rec, prog, now, status, pending) => {
    const view = importView(rec, prog, [], 100, now);
    expect(view.status).toBe(status);
    expect(view.rows.pending).toBe(pending);
    expect(view.error === undefined).toBe(status !== "failed");
  });

  it("offers the next page of errors only when the page is full", () => {
    const errors = [2, 5, 9].map((line) => ({ line, kind: "rejected" as const, reason: "bad" }));
    expect(importView(record(), progress(), errors, 3, T0).nextErrorsAfter).toBe(9);
    expect(importView(record(), progress(), errors, 4, T0).nextErrorsAfter).toBeNull();
  });
});
