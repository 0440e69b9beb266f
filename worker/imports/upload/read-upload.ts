/**
 * The upload pipeline, independent of storage: CSV records in, chunks of valid rows and rejected
 * rows out to a sink as it goes (every `flushChunks` chunks or `flushRejected` rejections), so the
 * memory it holds is bounded whatever the file's size. It also derives the import's id from the
 * workspace, the options and every record, so the same file with the same options gets the same
 * id. Used by the route (with D1 + the queue as the sink) and by the benchmark.
 */
import { CsvRecordTooLong, type CsvRecord } from "../csv/csv-parser.ts";
import { sha256Hex } from "../hash.ts";
import { planColumns, type ColumnPlan } from "../mapping/column-plan.ts";
import { mapRecord, type Rejection } from "../mapping/map-record.ts";
import type { ImportOptions } from "../options.ts";
import { Chunker, type RowChunk } from "./chunker.ts";

export interface FlushPart {
  chunks: RowChunk[];
  rejected: Rejection[];
  /** Records read so far (header excluded). */
  rowsRead: number;
}

/** Where the pipeline's output goes; `flush` is awaited before more is read. */
export interface UploadSink {
  flush(part: FlushPart): Promise<void>;
}

export interface UploadSummary {
  /** `imp_` + 24 hex: the same workspace, options and records always give the same id. */
  id: string;
  scope: string;
  header: string[];
  rowsRead: number;
  rowsValid: number;
  rowsRejected: number;
  chunks: number;
  /** Set when the file could not be read past a record (a quote left open): that line and why. */
  stopped: Rejection | null;
}

/** The header cannot be used (nothing was sent anywhere): the option or column at fault. */
export class ImportHeaderError extends Error {
  readonly path: string;
  constructor(path: string, message: string) {
    super(message);
    this.name = "ImportHeaderError";
    this.path = path;
  }
}

export interface UploadLimits {
  flushChunks: number;
  flushRejected: number;
}

/** 100 chunks = 10,000 rows (~1 MB) between writes: few subrequests per file, bounded memory. */
const DEFAULT_LIMITS: UploadLimits = { flushChunks: 100, flushRejected: 500 };
const BLOCK_CHARS = 1 << 18;

/** What makes two rows "the same" besides their content: workspace, journey and the import key. */
export async function importScope(workspace: string, options: Pick<ImportOptions, "journey" | "key">): Promise<string> {
  return (await sha256Hex(JSON.stringify(["nudge-import-scope", workspace, options.journey, options.key]))).slice(0, 32);
}

/** Reads every record, sending chunks and rejections to `sink`; throws `ImportHeaderError` first if the header is unusable. */
export async function readUpload(
  records: AsyncIterable<CsvRecord[]>,
  input: { workspace: string; options: ImportOptions },
  sink: UploadSink,
  limits: UploadLimits = DEFAULT_LIMITS,
): Promise<UploadSummary> {
  const { workspace, options } = input;
  const scope = await importScope(workspace, options);
  const state = new Progress(sink, limits, await sha256Hex(JSON.stringify(["nudge-import", workspace, canonicalOptions(options)])));
  const chunker = new Chunker(scope);
  let plan: ColumnPlan | null = null;
  let header: string[] = [];
  let stopped: Rejection | null = null;
  try {
    for await (const batch of records) {
      for (const record of batch) {
        await state.fingerprint(record);
        if (plan === null) {
          header = record.fields.map((f) => f.trim());
          plan = headerPlan(record, options);
          continue;
        }
        await state.row(record, plan, options.phonePrefix, chunker);
      }
    }
  } catch (error) {
    if (!(error instanceof CsvRecordTooLong) || plan === null) throw error;
    stopped = { line: error.line, reason: error.message };
    state.reject(stopped);
  }
  if (plan === null) throw new ImportHeaderError("file", "the file is empty: its first line must name the columns");
  const last = await chunker.drain();
  if (last !== null) state.chunks.push(last);
  await state.flush();
  const id = `imp_${(await sha256Hex(`${await state.digest()}\n${stopped === null ? "" : "stopped"}`)).slice(0, 24)}`;
  return { id, scope, header, rowsRead: state.rowsRead, rowsValid: state.rowsValid, rowsRejected: state.rowsRejected, chunks: state.chunkCount, stopped };
}

function headerPlan(record: CsvRecord, options: ImportOptions): ColumnPlan {
  if (record.problem !== undefined) throw new ImportHeaderError("header", `the header row: ${record.problem}`);
  const planned = planColumns(record.fields, options);
  if (!planned.ok) throw new ImportHeaderError(planned.path, planned.message);
  return planned.plan;
}

/** Options in a fixed order, so equal options hash equally. */
function canonicalOptions(o: ImportOptions): unknown[] {
  const sorted = (r: Record<string, unknown>) => Object.entries(r).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return [o.journey, sorted(o.mapping), sorted(o.types), o.dryRun, o.delimiter, o.key, o.phonePrefix];
}

/** Counters, pending output and the running fingerprint of one upload. */
class Progress {
  readonly #sink: UploadSink;
  readonly #limits: UploadLimits;
  #chain: string;
  #block = "";
  chunks: RowChunk[] = [];
  rejected: Rejection[] = [];
  rowsRead = 0;
  rowsValid = 0;
  rowsRejected = 0;
  chunkCount = 0;

  constructor(sink: UploadSink, limits: UploadLimits, seed: string) {
    this.#sink = sink;
    this.#limits = limits;
    this.#chain = seed;
  }

  async fingerprint(record: CsvRecord): Promise<void> {
    // Length-prefixed fields: unambiguous, and much cheaper than JSON for 100,000 records.
    let text = `${record.line}/${record.fields.length}/${record.problem ?? ""}`;
    for (const field of record.fields) text += `/${field.length}:${field}`;
    this.#block += `${text}\n`;
    if (this.#block.length >= BLOCK_CHARS) await this.#fold();
  }

  async digest(): Promise<string> {
    await this.#fold();
    return this.#chain;
  }

  async row(record: CsvRecord, plan: ColumnPlan, phonePrefix: string | null, chunker: Chunker): Promise<void> {
    this.rowsRead += 1;
    const mapped = mapRecord(record, plan, phonePrefix);
    if (!mapped.ok) return this.#rejectAndMaybeFlush(mapped.rejection);
    const bytes = Chunker.rowBytes(mapped.row);
    if (bytes > Chunker.maxRowBytes) return this.#rejectAndMaybeFlush({ line: record.line, reason: `the row takes ${bytes} bytes as JSON; at most ${Chunker.maxRowBytes}`, userId: mapped.row.userId });
    this.rowsValid += 1;
    const chunk = await chunker.add(mapped.row, bytes);
    if (chunk === null) return;
    this.chunks.push(chunk);
    if (this.chunks.length >= this.#limits.flushChunks) await this.flush();
  }

  reject(rejection: Rejection): void {
    this.rowsRejected += 1;
    this.rejected.push(rejection);
  }

  async flush(): Promise<void> {
    if (this.chunks.length === 0 && this.rejected.length === 0) return;
    const part = { chunks: this.chunks, rejected: this.rejected, rowsRead: this.rowsRead };
    this.chunkCount += this.chunks.length;
    this.chunks = [];
    this.rejected = [];
    await this.#sink.flush(part);
  }

  async #rejectAndMaybeFlush(rejection: Rejection): Promise<void> {
    this.reject(rejection);
    if (this.rejected.length >= this.#limits.flushRejected) await this.flush();
  }

  async #fold(): Promise<void> {
    if (this.#block === "") return;
    this.#chain = await sha256Hex(`${this.#chain}\n${this.#block}`);
    this.#block = "";
  }
}
