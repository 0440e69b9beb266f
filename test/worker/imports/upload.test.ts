/** POST /v1/admin/imports: rows checked as they stream in, progress and per-row errors by line. */
import { exports } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { RecordingQueue, get, upload, type ImportBody } from "./helpers.ts";

const MIXED = [
  "userId,email,phone,plan,score,note",
  "m-1,ada@example.com,+44 20 7946 0958,pro,10,first",
  "m-2,not-an-email,,free,3,bad email",
  ",nobody@example.com,,free,1,missing id",
  "m-4,bob@example.com,,pro,7", // ragged: 5 fields
  'm-5,zoe@example.com,,pro,2,"quoted, with ""quotes""',
  'and a line break"',
  "m-6,carl@example.com,call me,pro,4,bad phone",
  "m-7,dee@example.com,,pro,abc,auto types keep text",
  "",
  "m-8,eve@example.com,,pro,8,after a blank line",
].join("\r\n");

type ErrorBody = { error: { code: string; message: string; path?: string } };

describe("an upload with good and bad rows", () => {
  it("queues the good rows and reports every bad one with its line, reason and column", async () => {
    const queue = new RecordingQueue();
    const res = await upload(MIXED, {}, queue);
    expect(res.status).toBe(202);
    expect(res.body).toMatchObject({ status: "processing", rerun: false, uploads: 1 });
    expect(res.body.id).toMatch(/^imp_[0-9a-f]{24}$/);
    expect(res.body.statusUrl).toBe(`/v1/admin/imports/${res.body.id}`);
    expect(res.body.rows).toEqual({ read: 8, valid: 4, rejected: 4, queued: 4, skipped: 0, applied: 0, failed: 0, pending: 4, entered: 0, notEntered: 0, duplicates: 0 });
    expect(res.body.errors).toEqual([
      { line: 3, kind: "rejected", reason: '"not-an-email" is not an e-mail address', column: "email" },
      { line: 4, kind: "rejected", reason: "the user id is empty", column: "userId" },
      { line: 5, kind: "rejected", reason: "expected 6 fields (as in the header), found 5" },
      { line: 8, kind: "rejected", reason: '"call me" is not a phone number', column: "phone" },
    ]);
    const messages = queue.take();
    expect(messages).toHaveLength(1);
    expect(messages[0]?.rows).toEqual([
      { line: 2, userId: "m-1", traits: { email: "ada@example.com", phone: "+442079460958", plan: "pro", score: 10, note: "first" } },
      { line: 6, userId: "m-5", traits: { email: "zoe@example.com", plan: "pro", score: 2, note: 'quoted, with "quotes"\r\nand a line break' } },
      { line: 9, userId: "m-7", traits: { email: "dee@example.com", plan: "pro", score: "abc", note: "auto types keep text" } },
      { line: 11, userId: "m-8", traits: { email: "eve@example.com", plan: "pro", score: 8, note: "after a blank line" } },
    ]);
    const status = await get(`/${res.body.id}`);
    expect(status.status).toBe(200);
    expect(status.body.rows).toEqual(res.body.rows);
    expect(status.body.errors.map((e) => e.line)).toEqual([3, 4, 5, 8]);
  });

  it("pages the errors by line", async () => {
    const lines = ["id,email", ...Array.from({ length: 7 }, (_, i) => `p-${i},bad${i}`)];
    const res = await upload(lines.join("\n"));
    const first = await get(`/${res.body.id}?limit=3`);
    expect(first.body.errors.map((e) => e.line)).toEqual([2, 3, 4]);
    expect(first.body.nextErrorsAfter).toBe(4);
    const second = await get(`/${res.body.id}?limit=3&after=4`);
    expect(second.body.errors.map((e) => e.line)).toEqual([5, 6, 7]);
    const last = await get(`/${res.body.id}?limit=3&after=7`);
    expect(last.body.errors.map((e) => e.line)).toEqual([8]);
    expect(last.body.nextErrorsAfter).toBeNull();
  });

  it("reads options from the query: mapping, types, delimiter, phone prefix", async () => {
    const queue = new RecordingQueue();
    const csv = "Customer;Mail;Tel;Zip;Internal\nq-1;q1@example.com;020 7946 0958;01234;x\n";
    const res = await upload(csv, { delimiter: ";", mapping: "Customer:userId,Mail:email,Tel:phone,Internal:", types: "Zip:string", phonePrefix: "+44" }, queue);
    expect(res.status).toBe(202);
    expect(queue.take()[0]?.rows).toEqual([{ line: 2, userId: "q-1", traits: { email: "q1@example.com", phone: "+442079460958", Zip: "01234" } }]);
  });

  it("takes a multipart form: option fields first, then the file", async () => {
    const queue = new RecordingQueue();
    const form = new FormData();
    form.set("types", "age:integer");
    form.set("file", new File(["id,age\nf-1,41\nf-2,4.5\n"], "people.csv", { type: "text/csv" }));
    const encoded = new Response(form);
    const res = await upload(encoded.body ?? "", {}, queue, { "content-type": encoded.headers.get("content-type") ?? "" });
    expect(res.status).toBe(202);
    expect(res.body.filename).toBe("people.csv");
    expect(res.body.errors).toEqual([{ line: 3, kind: "rejected", reason: '"4.5" is not a whole number', column: "age" }]);
    expect(queue.take()[0]?.rows).toEqual([{ line: 2, userId: "f-1", traits: { age: 41 } }]);
  });

  it("a dry run checks every row and queues nothing", async () => {
    const queue = new RecordingQueue();
    const res = await upload(MIXED, { dryRun: "true" }, queue);
    expect(res.status).toBe(200);
    expect(res.body.status).toBe("dry_run");
    expect(res.body.rows).toMatchObject({ read: 8, valid: 4, rejected: 4, queued: 0, pending: 0 });
    expect(res.body.errors).toHaveLength(4);
    expect(queue.sent).toEqual([]);
  });
});

describe("refused uploads", () => {
  it.each([
    ["no user id column", "name,email\nAda,a@example.com\n", {}, 400, "invalid_header", "header"],
    ["a mapping for a missing column", "id,email\nx,a@example.com\n", { mapping: "Mail:email" }, 400, "invalid_header", "mapping.Mail"],
    ["an empty file", "", {}, 400, "invalid_header", "file"],
    ["an unknown option", "id\nx\n", { dryrn: "true" }, 400, "invalid_option", "dryrn"],
    ["a bad type", "id\nx\n", { types: "id:float" }, 400, "invalid_option", "types.id"],
    ["an unpublished journey", "id\nx\n", { journey: "no-such-journey" }, 404, "journey_not_found", "journey"],
  ])("refuses %s", async (_, csv, query, status, code, path) => {
    const queue = new RecordingQueue();
    const res = await upload<ErrorBody>(csv, query, queue);
    expect(res.status).toBe(status);
    expect(res.body.error).toMatchObject({ code, path });
    expect(queue.sent).toEqual([]);
  });

  it("refuses a body that is not CSV (415) and a form without a file (400)", async () => {
    const json = await upload<ErrorBody>('{"a":1}', {}, new RecordingQueue(), { "content-type": "application/json" });
    expect([json.status, json.body.error.code]).toEqual([415, "unsupported_media_type"]);
    const form = new FormData();
    form.set("journey", "x");
    const encoded = new Response(form);
    const noFile = await upload<ErrorBody>(encoded.body ?? "", {}, new RecordingQueue(), { "content-type": encoded.headers.get("content-type") ?? "" });
    expect([noFile.status, noFile.body.error.code]).toEqual([400, "missing_file"]);
  });

  it("answers 404 for an unknown import", async () => {
    const res = await get<ErrorBody>("/imp_000000000000000000000000");
    expect([res.status, res.body.error.code]).toEqual([404, "import_not_found"]);
  });
});

describe("listing and the mounted route", () => {
  it("lists the workspace's imports newest first, in pages", async () => {
    const a = await upload("id\nlist-a\n");
    const b = await upload("id\nlist-b\n");
    const page = await get<{ imports: ImportBody[]; nextCursor: string | null }>("?limit=1");
    expect(page.body.imports.map((i) => i.id)).toEqual([b.body.id]);
    const next = await get<{ imports: ImportBody[]; nextCursor: string | null }>(`?limit=100&cursor=${page.body.nextCursor ?? ""}`);
    expect(next.body.imports.map((i) => i.id)).toContain(a.body.id);
    expect(next.body.imports.map((i) => i.id)).not.toContain(b.body.id);
  });

  it("is behind the secret key at /v1/admin/imports in the Worker", async () => {
    const url = "http://nudge.test/v1/admin/imports";
    const anonymous = await exports.default.fetch(url, { method: "POST", body: "id\nk-1\n", headers: { "content-type": "text/csv" } });
    expect(anonymous.status).toBe(401);
    const writeKey = await exports.default.fetch(url, { headers: { authorization: `Basic ${btoa("wk_dev:")}` } });
    expect(writeKey.status).toBe(403);
    const ok = await exports.default.fetch(url, { method: "POST", body: "id\nk-1\n", headers: { "content-type": "text/csv", authorization: "Bearer sk_dev" } });
    expect(ok.status).toBe(202);
    const body = await ok.json<ImportBody>();
    const status = await exports.default.fetch(`http://nudge.test${body.statusUrl ?? ""}`, { headers: { authorization: "Bearer sk_dev" } });
    expect((await status.json<ImportBody>()).rows.queued).toBe(1);
  });
});
