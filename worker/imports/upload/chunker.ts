/**
 * Groups valid rows, in file order, into chunks that each fit one queue message: at most
 * `ROWS_PER_MESSAGE` rows and `MAX_MESSAGE_BYTES` of JSON. Each chunk gets a key, the hash of the
 * import's scope and its rows (lines included), so the same chunk of the same file is recognised
 * whichever upload it comes from. Pure (hashing aside).
 */
import { sha256Hex } from "../hash.ts";
import type { ImportRow } from "../mapping/map-record.ts";
import { MAX_MESSAGE_BYTES, ROWS_PER_MESSAGE } from "../messages.ts";

export interface RowChunk {
  key: string;
  firstLine: number;
  rows: ImportRow[];
  /** UTF-8 bytes of the rows as JSON. */
  bytes: number;
}

/** Room kept in a message for everything but the rows. */
const ENVELOPE_BYTES = 1_000;
const encoder = new TextEncoder();
const NON_ASCII = /[^\x00-\x7f]/;

/** Accumulates rows; `add` and `drain` hand out full (or the last) chunks. */
export class Chunker {
  readonly #scope: string;
  #rows: ImportRow[] = [];
  #bytes = 0;

  constructor(scope: string) {
    this.#scope = scope;
  }

  /** The largest row (JSON bytes) that fits a message alone. */
  static readonly maxRowBytes = MAX_MESSAGE_BYTES - ENVELOPE_BYTES;

  /** UTF-8 bytes of `row` as JSON. */
  static rowBytes(row: ImportRow): number {
    const json = JSON.stringify(row);
    // Most rows are ASCII: their UTF-8 size is their length, no need to encode them.
    return (NON_ASCII.test(json) ? encoder.encode(json).byteLength : json.length) + 1;
  }

  /** Adds a row of `bytes` (≤ maxRowBytes); returns the chunk it completed, if any. */
  async add(row: ImportRow, bytes: number): Promise<RowChunk | null> {
    let done: RowChunk | null = null;
    if (this.#rows.length > 0 && this.#bytes + bytes > Chunker.maxRowBytes) done = await this.drain();
    this.#rows.push(row);
    this.#bytes += bytes;
    // After a drain for size the row is alone, so at most one chunk completes per row.
    if (done === null && this.#rows.length >= ROWS_PER_MESSAGE) done = await this.drain();
    return done;
  }

  /** The rows not yet handed out, as a chunk (null if none). */
  async drain(): Promise<RowChunk | null> {
    const rows = this.#rows;
    const first = rows[0];
    if (first === undefined) return null;
    const bytes = this.#bytes;
    this.#rows = [];
    this.#bytes = 0;
    const key = (await sha256Hex(`${this.#scope}\n${JSON.stringify(rows)}`)).slice(0, 32);
    return { key, firstLine: first.line, rows, bytes };
  }
}
