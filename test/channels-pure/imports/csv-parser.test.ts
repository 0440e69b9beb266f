/** The streaming CSV parser: RFC 4180 records with their line numbers, whatever the chunking. */
import { describe, expect, it } from "vitest";
import { CsvParser, CsvRecordTooLong, type CsvRecord } from "../../../worker/imports/csv/csv-parser.ts";
import { parseCsvPieces, readCsv } from "../../../worker/imports/csv/read-csv.ts";

function parse(text: string, delimiter?: string): CsvRecord[] {
  return [...parseCsvPieces([text], delimiter === undefined ? {} : { delimiter })].flat();
}

/** [line, ...fields] per record: short to write in tables. */
function rows(records: CsvRecord[]): (number | string)[][] {
  return records.map((r) => [r.line, ...r.fields]);
}

const cases: { name: string; text: string; delimiter?: string; expected: (number | string)[][] }[] = [
  { name: "LF lines", text: "id,name\n1,Ada\n2,Bob\n", expected: [[1, "id", "name"], [2, "1", "Ada"], [3, "2", "Bob"]] },
  { name: "CRLF lines", text: "id,name\r\n1,Ada\r\n2,Bob\r\n", expected: [[1, "id", "name"], [2, "1", "Ada"], [3, "2", "Bob"]] },
  { name: "lone CR lines (old Mac exports)", text: "id,name\r1,Ada\r", expected: [[1, "id", "name"], [2, "1", "Ada"]] },
  { name: "no line break at the end", text: "id\n1", expected: [[1, "id"], [2, "1"]] },
  { name: "quoted delimiter", text: 'a,b\n"x,y",z\n', expected: [[1, "a", "b"], [2, "x,y", "z"]] },
  { name: "escaped quotes", text: 'a\n"she said ""hi"""\n', expected: [[1, "a"], [2, 'she said "hi"']] },
  {
    name: "line breaks inside quotes move the next record's line",
    text: 'id,note\n1,"two\nlines"\n2,"three\r\nlines\r\nhere"\n3,end\n',
    expected: [[1, "id", "note"], [2, "1", "two\nlines"], [4, "2", "three\r\nlines\r\nhere"], [7, "3", "end"]],
  },
  { name: "byte-order mark", text: "\uFEFFid,name\n1,Ada\n", expected: [[1, "id", "name"], [2, "1", "Ada"]] },
  { name: "semicolon delimiter", text: "id;city\n1;Paris, France\n", delimiter: ";", expected: [[1, "id", "city"], [2, "1", "Paris, France"]] },
  { name: "tab delimiter", text: "id\tname\n1\tAda Lovelace\n", delimiter: "\t", expected: [[1, "id", "name"], [2, "1", "Ada Lovelace"]] },
  { name: "empty fields", text: "a,b,c\n,,\n1,,3\n", expected: [[1, "a", "b", "c"], [2, "", "", ""], [3, "1", "", "3"]] },
  { name: "blank lines are skipped but counted", text: "id\n\n1\r\n\r\n\n2\n", expected: [[1, "id"], [3, "1"], [6, "2"]] },
  { name: "a quoted empty line is a record", text: 'id\n""\n', expected: [[1, "id"], [2, ""]] },
  { name: "ragged records are kept as they are", text: "a,b\n1\n1,2,3\n", expected: [[1, "a", "b"], [2, "1"], [3, "1", "2", "3"]] },
  { name: "a quote inside an unquoted field is a character", text: 'a\n5" screen\n', expected: [[1, "a"], [2, '5" screen']] },
  { name: "text after a closing quote is kept", text: 'a\n"ab"c\n', expected: [[1, "a"], [2, "abc"]] },
  { name: "unicode text", text: "name\nZoë 日本 😀\n", expected: [[1, "name"], [2, "Zoë 日本 😀"]] },
];

describe("records and line numbers", () => {
  it.each(cases)("$name", ({ text, delimiter, expected }) => {
    expect(rows(parse(text, delimiter))).toEqual(expected);
  });

  it("reports a quote left open at the end of the file on the record where it starts", () => {
    const records = parse('id,note\n1,ok\n2,"never closed\n3,x\n');
    expect(records.map((r) => [r.line, r.problem ?? null])).toEqual([
      [1, null],
      [2, null],
      [3, "a quoted field is not closed before the end of the file"],
    ]);
  });

  it("stops on a record longer than the limit, naming its line", () => {
    const parser = new CsvParser({ maxRecordChars: 100 });
    expect(parser.push("id,note\n1,ok\n")).toHaveLength(2);
    expect(() => parser.push(`2,"${"x".repeat(200)}`)).toThrow(CsvRecordTooLong);
    const again = new CsvParser({ maxRecordChars: 100 });
    again.push("id\n");
    try {
      for (let i = 0; i < 50; i++) again.push('"xxxxx');
      expect.unreachable();
    } catch (error) {
      expect(error).toBeInstanceOf(CsvRecordTooLong);
      expect(error instanceof CsvRecordTooLong ? error.line : 0).toBe(2);
    }
  });

  it.each(['"', "\n", "\r", ",,", ""])("refuses the delimiter %j", (delimiter) => {
    expect(() => new CsvParser({ delimiter })).toThrow(RangeError);
  });
});

describe("chunk boundaries anywhere give the same records", () => {
  it.each(cases)("$name: split at every position, and one character at a time", ({ text, delimiter, expected }) => {
    const options = delimiter === undefined ? {} : { delimiter };
    for (let at = 0; at <= text.length; at++) {
      const records = [...parseCsvPieces([text.slice(0, at), text.slice(at)], options)].flat();
      expect(rows(records), `split at ${at}`).toEqual(expected);
    }
    expect(rows([...parseCsvPieces([...text], options)].flat())).toEqual(expected);
  });
});

/** A byte stream of `bytes` cut at the given offsets. */
function byteStream(bytes: Uint8Array, cuts: number[]): ReadableStream<Uint8Array> {
  const bounds = [0, ...cuts, bytes.length];
  let k = 0;
  return new ReadableStream<Uint8Array>({
    pull(controller) {
      if (k >= bounds.length - 1) return controller.close();
      controller.enqueue(bytes.slice(bounds[k], bounds[k + 1]));
      k += 1;
    },
  });
}

async function readAll(stream: ReadableStream<Uint8Array>, delimiter?: string): Promise<CsvRecord[]> {
  const out: CsvRecord[] = [];
  for await (const batch of readCsv(stream, delimiter === undefined ? {} : { delimiter })) out.push(...batch);
  return out;
}

describe("readCsv over bytes", () => {
  const text = '\uFEFFid,name,note\r\n1,Zoë,"multi\r\nline ""é"""\r\n2,日本,😀\r\n';
  const bytes = new TextEncoder().encode(text);
  const expected = [[1, "id", "name", "note"], [2, "1", "Zoë", 'multi\r\nline "é"'], [4, "2", "日本", "😀"]];

  it("decodes UTF-8 split inside a character, and between CR and LF, at every byte", async () => {
    for (let at = 1; at < bytes.length; at++) {
      expect(rows(await readAll(byteStream(bytes, [at]))), `cut at byte ${at}`).toEqual(expected);
    }
  });

  it("reads one byte at a time", async () => {
    const cuts = Array.from({ length: bytes.length - 1 }, (_, i) => i + 1);
    expect(rows(await readAll(byteStream(bytes, cuts)))).toEqual(expected);
  });

  it("cancels the stream when the reader stops early", async () => {
    let cancelled = false;
    const stream = new ReadableStream<Uint8Array>({
      pull(controller) {
        controller.enqueue(new TextEncoder().encode("id\n1\n"));
      },
      cancel() {
        cancelled = true;
      },
    });
    for await (const batch of readCsv(stream)) {
      expect(batch[0]?.fields).toEqual(["id"]);
      break;
    }
    expect(cancelled).toBe(true);
  });
});
