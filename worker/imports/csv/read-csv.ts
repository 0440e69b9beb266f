/**
 * CSV records from a byte stream, as they arrive: the bytes are decoded as UTF-8 by a streaming
 * decoder (a character split across two network chunks is joined, a byte-order mark dropped) and
 * parsed by `CsvParser`. Nothing but the current record is held, so a file of any size streams
 * through. Pure apart from reading the stream; works in Node and in workerd.
 *
 * @example
 * for await (const records of readCsv(request.body, { delimiter: ";" })) {
 *   for (const { line, fields } of records) console.log(line, fields);
 * }
 */
import { type CsvOptions, CsvParser, type CsvRecord } from "./csv-parser.ts";

/** Yields the records of `stream` in batches (one per decoded piece; never an empty batch). */
export async function* readCsv(stream: ReadableStream<Uint8Array>, options: CsvOptions = {}): AsyncGenerator<CsvRecord[]> {
  const parser = new CsvParser(options);
  const reader = stream.pipeThrough(new TextDecoderStream()).getReader();
  let finished = false;
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      const records = parser.push(value);
      if (records.length > 0) yield records;
    }
    finished = true;
    const last = parser.finish();
    if (last.length > 0) yield last;
  } finally {
    // Stopped early (a bad header, a failed write): stop the upload too.
    if (!finished) await reader.cancel().catch(() => undefined);
    reader.releaseLock();
  }
}

/** Yields the records of `text` pieces (already decoded) in batches; for tests and benchmarks. */
export function* parseCsvPieces(pieces: Iterable<string>, options: CsvOptions = {}): Generator<CsvRecord[]> {
  const parser = new CsvParser(options);
  for (const piece of pieces) {
    const records = parser.push(piece);
    if (records.length > 0) yield records;
  }
  const last = parser.finish();
  if (last.length > 0) yield last;
}
