/** The streaming multipart reader: fields before the file, the file as a stream, any chunking. */
import { describe, expect, it } from "vitest";
import { MultipartError, boundaryOf, readMultipart } from "../../../worker/imports/csv/multipart.ts";

const BOUNDARY = "----nudgeBoundary42";

function form(parts: { name: string; value: string; filename?: string }[], boundary = BOUNDARY): string {
  const body = parts
    .map((p) => {
      const file = p.filename === undefined ? "" : `; filename="${p.filename}"\r\nContent-Type: text/csv`;
      return `--${boundary}\r\nContent-Disposition: form-data; name="${p.name}"${file}\r\n\r\n${p.value}\r\n`;
    })
    .join("");
  return `${body}--${boundary}--\r\n`;
}

function stream(bytes: Uint8Array, cuts: number[] = []): ReadableStream<Uint8Array> {
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

async function text(file: ReadableStream<Uint8Array> | null): Promise<string | null> {
  return file === null ? null : new Response(file).text();
}

describe("boundaryOf", () => {
  it.each([
    ["multipart/form-data; boundary=abc", "abc"],
    ['multipart/form-data; boundary="a b;c"', "a b;c"],
    ["multipart/form-data; charset=utf-8; BOUNDARY=xyz", "xyz"],
    ["multipart/form-data", null],
  ])("%s → %s", (header, expected) => {
    expect(boundaryOf(header)).toBe(expected);
  });
});

describe("readMultipart", () => {
  const csv = 'id,note\r\n1,"--not a boundary\r\n--"\r\n2,Zoë 😀\r\n';
  const body = new TextEncoder().encode(form([
    { name: "journey", value: "welcome" },
    { name: "mapping", value: '{"Mail":"email"}' },
    { name: "file", value: csv, filename: "users.csv" },
    { name: "after", value: "ignored" },
  ]));

  it("reads the fields before the file and streams the file exactly, cut at every byte", async () => {
    for (let at = 1; at < body.length; at += 1) {
      const upload = await readMultipart(stream(body, [at]), BOUNDARY, "file");
      expect(upload.fields, `cut at ${at}`).toEqual({ journey: "welcome", mapping: '{"Mail":"email"}' });
      expect(upload.filename).toBe("users.csv");
      expect(await text(upload.file), `cut at ${at}`).toBe(csv);
    }
  });

  it("reads one byte at a time", async () => {
    const upload = await readMultipart(stream(body, Array.from({ length: body.length - 1 }, (_, i) => i + 1)), BOUNDARY, "file");
    expect(await text(upload.file)).toBe(csv);
  });

  it("has no file when no part has the name", async () => {
    const upload = await readMultipart(stream(new TextEncoder().encode(form([{ name: "journey", value: "x" }]))), BOUNDARY, "file");
    expect(upload).toEqual({ fields: { journey: "x" }, file: null, filename: null });
  });

  it.each([
    ["no boundary at all", "hello", /no "------nudgeBoundary42" boundary/],
    ["a part without a name", `--${BOUNDARY}\r\nContent-Disposition: form-data\r\n\r\nx\r\n--${BOUNDARY}--`, /no name/],
    ["a field never closed", `--${BOUNDARY}\r\nContent-Disposition: form-data; name="a"\r\n\r\nxyz`, /not closed/],
  ])("refuses %s", async (_, raw, message) => {
    await expect(readMultipart(stream(new TextEncoder().encode(raw)), BOUNDARY, "file")).rejects.toThrow(message);
    await expect(readMultipart(stream(new TextEncoder().encode(raw)), BOUNDARY, "file")).rejects.toBeInstanceOf(MultipartError);
  });

  it("fails the file stream when the body ends inside the file", async () => {
    const raw = `--${BOUNDARY}\r\nContent-Disposition: form-data; name="file"; filename="a.csv"\r\n\r\nid\r\n1\r\n`;
    const upload = await readMultipart(stream(new TextEncoder().encode(raw)), BOUNDARY, "file");
    await expect(text(upload.file)).rejects.toThrow(/ends inside the file part/);
  });
});
