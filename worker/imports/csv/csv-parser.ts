/**
 * An incremental RFC 4180 CSV parser: feed it text in pieces of any size (a piece may end inside
 * a quoted field, between CR and LF, anywhere) and it returns the records completed so far, each
 * with the 1-based line on which it starts. Pure; used by `readCsv` (streams) and the benchmarks.
 *
 * Accepted: quoted fields with `""` escapes and line breaks inside, CRLF, LF or lone CR line ends,
 * a leading byte-order mark, any one-character delimiter. Blank lines are skipped (they still
 * count as lines). Lenient where RFC 4180 is silent, as spreadsheet exports need: a quote inside
 * an unquoted field is kept as a character, and text after a closing quote is appended.
 */

/** One record: its fields and the line (1-based, counting line breaks inside quotes) it starts on. */
export interface CsvRecord {
  line: number;
  fields: string[];
  /** Set when the record is malformed beyond repair (an unclosed quote at the end of the file). */
  problem?: string;
}

export interface CsvOptions {
  /** Field separator, one character. @default "," */
  delimiter?: string;
  /** A record longer than this (characters) stops the parse: it is almost always an unclosed quote. @default 1_048_576 */
  maxRecordChars?: number;
}

/** Thrown when one record grows past `maxRecordChars` (the parse cannot find where it ends). */
export class CsvRecordTooLong extends Error {
  readonly line: number;
  constructor(line: number, max: number) {
    super(`the record starting on line ${line} is longer than ${max} characters (is a quote left open?)`);
    this.name = "CsvRecordTooLong";
    this.line = line;
  }
}

const QUOTE = 34;
const CR = 13;
const LF = 10;

/** Where the parser stands between two characters. */
const FIELD_START = 0;
const UNQUOTED = 1;
const QUOTED = 2;
const QUOTE_IN_QUOTED = 3;
type State = typeof FIELD_START | typeof UNQUOTED | typeof QUOTED | typeof QUOTE_IN_QUOTED;

/** Incremental parser; one instance per file. */
export class CsvParser {
  readonly #delimiter: number;
  readonly #max: number;
  #state: State = FIELD_START;
  #fields: string[] = [];
  #field = "";
  /** The record's first field was opened with a quote (so a `""` line is a record, not a blank). */
  #quotedAny = false;
  /** The previous character was a CR (a following LF belongs to it). */
  #afterCR = false;
  #line = 1;
  #recordLine = 1;
  /** Characters of the current record in earlier pieces, and where it began in this piece. */
  #recordChars = 0;
  #chunkRecordStart = 0;
  #started = false;

  constructor(options: CsvOptions = {}) {
    const delimiter = options.delimiter ?? ",";
    if (delimiter.length !== 1 || delimiter === '"' || delimiter === "\r" || delimiter === "\n") {
      throw new RangeError(`the delimiter must be one character other than a quote or a line break, not ${JSON.stringify(delimiter)}`);
    }
    this.#delimiter = delimiter.charCodeAt(0);
    this.#max = options.maxRecordChars ?? 1_048_576;
  }

  /** Parses the next piece of text; returns the records it completed. */
  push(text: string): CsvRecord[] {
    const out: CsvRecord[] = [];
    let i = 0;
    if (!this.#started) {
      this.#started = text.length > 0;
      if (text.charCodeAt(0) === 0xfeff) i = 1;
    }
    const n = text.length;
    let segment = i;
    for (; i < n; i++) {
      const c = text.charCodeAt(i);
      const afterCR = this.#afterCR;
      this.#afterCR = c === CR;
      switch (this.#state) {
        case FIELD_START:
          if (c === LF && afterCR) {
            segment = i + 1; // the LF of a CRLF that ended the previous record
            break;
          }
          if (c === QUOTE) {
            this.#state = QUOTED;
            this.#quotedAny = true;
            segment = i + 1;
            break;
          }
          segment = i;
          this.#state = UNQUOTED;
          if (this.#unquoted(text, i, c, segment, out)) segment = i + 1;
          break;
        case UNQUOTED:
          if (this.#unquoted(text, i, c, segment, out)) segment = i + 1;
          break;
        case QUOTED:
          if (c === QUOTE) {
            this.#field += text.slice(segment, i);
            this.#state = QUOTE_IN_QUOTED;
          } else if (c === CR || (c === LF && !afterCR)) {
            this.#line += 1;
          }
          break;
        case QUOTE_IN_QUOTED:
          if (c === QUOTE) {
            this.#field += '"';
            this.#state = QUOTED;
            segment = i + 1;
          } else if (c === this.#delimiter) {
            this.#endField();
            segment = i + 1;
          } else if (c === CR || c === LF) {
            this.#endField();
            this.#endRecord(out, i);
            segment = i + 1;
          } else {
            segment = i; // text after a closing quote: keep it (lenient)
            this.#state = UNQUOTED;
          }
          break;
      }
    }
    if (this.#state === UNQUOTED || this.#state === QUOTED) this.#field += text.slice(segment, n);
    this.#recordChars += n - this.#chunkRecordStart;
    this.#chunkRecordStart = 0;
    if (this.#recordChars > this.#max && this.#pending()) throw new CsvRecordTooLong(this.#recordLine, this.#max);
    return out;
  }

  /** Ends the input: returns the last record if the text did not end with a line break. */
  finish(): CsvRecord[] {
    if (!this.#pending()) return [];
    const out: CsvRecord[] = [];
    const unclosed = this.#state === QUOTED;
    const line = this.#recordLine;
    this.#endField();
    this.#endRecord(out, 0);
    const last = out[0];
    if (unclosed && last !== undefined) out[0] = { ...last, line, problem: "a quoted field is not closed before the end of the file" };
    return out;
  }

  /** Handles one character of an unquoted field; true when it ended the field. */
  #unquoted(text: string, i: number, c: number, segment: number, out: CsvRecord[]): boolean {
    if (c !== this.#delimiter && c !== CR && c !== LF) return false;
    this.#field += text.slice(segment, i);
    this.#endField();
    if (c !== this.#delimiter) this.#endRecord(out, i);
    return true;
  }

  #pending(): boolean {
    return this.#state !== FIELD_START || this.#fields.length > 0;
  }

  #endField(): void {
    this.#fields.push(this.#field);
    this.#field = "";
    this.#state = FIELD_START;
  }

  /** Ends the record at index `i` of the current piece of text. */
  #endRecord(out: CsvRecord[], i: number): void {
    const fields = this.#fields;
    const blank = fields.length === 1 && fields[0] === "" && !this.#quotedAny;
    if (!blank) out.push({ line: this.#recordLine, fields });
    this.#fields = [];
    this.#quotedAny = false;
    this.#line += 1;
    this.#recordLine = this.#line;
    this.#recordChars = 0;
    this.#chunkRecordStart = i + 1;
  }
}
