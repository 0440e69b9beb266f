/**
 * A streaming multipart/form-data reader (RFC 7578) for uploads: the text fields before the file
 * part are read whole (each at most 64 KiB), the file part is handed out as a byte stream that
 * ends at the part's boundary, without buffering the file. Fields after the file are not read.
 * Pure apart from reading the stream; works in Node and in workerd.
 *
 * @example
 * const form = await readMultipart(request.body, boundaryOf(contentType)!, "file");
 * form.fields.journey; form.file; // ReadableStream<Uint8Array> | null
 */

export interface MultipartUpload {
  /** Text fields that came before the file part. */
  fields: Record<string, string>;
  /** The file part's bytes, or null if the form has no part named `fileField`. */
  file: ReadableStream<Uint8Array> | null;
  filename: string | null;
}

/** The body is not well-formed multipart: what is wrong. */
export class MultipartError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "MultipartError";
  }
}

const MAX_FIELD_BYTES = 65_536;
const MAX_HEADER_BYTES = 16_384;
const encoder = new TextEncoder();
const CRLF = encoder.encode("\r\n");
const HEADER_END = encoder.encode("\r\n\r\n");

/** The boundary parameter of a multipart Content-Type, or null. */
export function boundaryOf(contentType: string): string | null {
  const m = /;\s*boundary=(?:"([^"]{1,70})"|([^;\s]{1,70}))/i.exec(contentType);
  return m ? (m[1] ?? m[2] ?? null) : null;
}

/** Reads fields up to the part named `fileField`, and returns that part as a stream. */
export async function readMultipart(body: ReadableStream<Uint8Array>, boundary: string, fileField: string): Promise<MultipartUpload> {
  const input = new Bytes(body.getReader());
  const delimiter = encoder.encode(`--${boundary}`);
  const partEnd = encoder.encode(`\r\n--${boundary}`);
  // The first delimiter may open the body or follow a preamble.
  const first = await input.find(delimiter, 0, MAX_FIELD_BYTES);
  if (first < 0) throw new MultipartError(`no "--${boundary}" boundary in the body`);
  input.skip(first + delimiter.length);
  const fields: Record<string, string> = {};
  while (await afterDelimiter(input)) {
    const headerEnd = await input.find(HEADER_END, 0, MAX_HEADER_BYTES);
    if (headerEnd < 0) throw new MultipartError("a part's headers are missing or too long");
    const disposition = partDisposition(input.text(headerEnd));
    input.skip(headerEnd + HEADER_END.length);
    if (disposition.name === fileField) {
      return { fields, file: partStream(input, partEnd), filename: disposition.filename };
    }
    const end = await input.find(partEnd, 0, MAX_FIELD_BYTES);
    if (end < 0) throw new MultipartError(`field "${disposition.name}" is longer than ${MAX_FIELD_BYTES} bytes or not closed`);
    fields[disposition.name] = input.text(end);
    input.skip(end + partEnd.length);
  }
  await input.cancel();
  return { fields, file: null, filename: null };
}

/** After a delimiter: true if a part follows (CRLF), false at the closing "--". */
async function afterDelimiter(input: Bytes): Promise<boolean> {
  if (!(await input.ensure(2))) throw new MultipartError("the body ends inside a boundary line");
  if (input.at(0) === 45 && input.at(1) === 45) return false;
  const lineEnd = await input.find(CRLF, 0, 1_024);
  if (lineEnd < 0) throw new MultipartError("a boundary line does not end");
  input.skip(lineEnd + CRLF.length);
  return true;
}

function partDisposition(headers: string): { name: string; filename: string | null } {
  const line = headers.split("\r\n").find((h) => /^content-disposition\s*:/i.test(h));
  if (line === undefined) throw new MultipartError("a part has no Content-Disposition header");
  const name = /;\s*name="([^"]*)"/i.exec(line)?.[1] ?? /;\s*name=([^;\s]+)/i.exec(line)?.[1];
  if (name === undefined) throw new MultipartError("a part has no name");
  const filename = /;\s*filename="([^"]*)"/i.exec(line)?.[1] ?? null;
  return { name, filename };
}

/** The current part's bytes, up to `partEnd`; keeps a tail that may be the start of the boundary. */
function partStream(input: Bytes, partEnd: Uint8Array): ReadableStream<Uint8Array> {
  return new ReadableStream<Uint8Array>({
    async pull(controller) {
      for (;;) {
        const end = input.findLoaded(partEnd);
        if (end >= 0) {
          if (end > 0) controller.enqueue(input.take(end));
          controller.close();
          await input.cancel();
          return;
        }
        const safe = input.length - (partEnd.length - 1);
        if (safe > 0) {
          controller.enqueue(input.take(safe));
          return;
        }
        if (!(await input.more())) throw new MultipartError("the body ends inside the file part (no closing boundary)");
      }
    },
    async cancel() {
      await input.cancel();
    },
  });
}

/** A buffered view over a byte stream reader. */
class Bytes {
  readonly #reader: ReadableStreamDefaultReader<Uint8Array>;
  #buf = new Uint8Array(0);
  #done = false;

  constructor(reader: ReadableStreamDefaultReader<Uint8Array>) {
    this.#reader = reader;
  }

  get length(): number {
    return this.#buf.length;
  }

  at(i: number): number | undefined {
    return this.#buf[i];
  }

  /** Reads one more piece; false at the end of the stream. */
  async more(): Promise<boolean> {
    if (this.#done) return false;
    const { done, value } = await this.#reader.read();
    if (done) {
      this.#done = true;
      return false;
    }
    const joined = new Uint8Array(this.#buf.length + value.length);
    joined.set(this.#buf);
    joined.set(value, this.#buf.length);
    this.#buf = joined;
    return true;
  }

  async ensure(n: number): Promise<boolean> {
    while (this.#buf.length < n) if (!(await this.more())) return false;
    return true;
  }

  /** Index of `pattern` at or after `from`, reading more while the buffer is under `limit` bytes; -1 if absent. */
  async find(pattern: Uint8Array, from: number, limit: number): Promise<number> {
    for (;;) {
      const at = indexOf(this.#buf, pattern, from);
      if (at >= 0) return at;
      if (this.#buf.length > limit || !(await this.more())) return -1;
    }
  }

  findLoaded(pattern: Uint8Array): number {
    return indexOf(this.#buf, pattern, 0);
  }

  take(n: number): Uint8Array {
    const out = this.#buf.slice(0, n);
    this.skip(n);
    return out;
  }

  skip(n: number): void {
    this.#buf = this.#buf.subarray(n);
  }

  text(n: number): string {
    return new TextDecoder().decode(this.#buf.subarray(0, n));
  }

  async cancel(): Promise<void> {
    this.#done = true;
    await this.#reader.cancel().catch(() => undefined);
  }
}

function indexOf(haystack: Uint8Array, needle: Uint8Array, from: number): number {
  const first = needle[0];
  const last = haystack.length - needle.length;
  for (let i = haystack.indexOf(first ?? 0, from); i >= 0 && i <= last; i = haystack.indexOf(first ?? 0, i + 1)) {
    let j = 1;
    while (j < needle.length && haystack[i + j] === needle[j]) j++;
    if (j === needle.length) return i;
  }
  return -1;
}
