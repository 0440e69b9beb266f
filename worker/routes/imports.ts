/**
 * CSV imports (secret key; mounted under /v1/admin/imports behind the admin key check):
 *
 * - `POST /` — the CSV as the body (text/csv) or as the `file` field of a multipart form; options
 *   in the query string or as form fields before the file (worker/imports/options.ts). The file is
 *   read as it streams in and its valid rows are queued in chunks while it is read; the answer
 *   comes once the whole file is read: 202 with the import's view (200 for a dry run).
 * - `GET /{id}` — status, counters and per-row errors (`after`, `limit` page them by line).
 * - `GET /` — the workspace's imports, newest first (`cursor`, `limit`).
 */
import { Hono } from "hono";
import type { AppEnv } from "../http/app-env.ts";
import { HttpError } from "../http/errors.ts";
import { importView } from "../imports/import-view.ts";
import { parseImportOptions } from "../imports/options.ts";
import { chunkProgress } from "../imports/store/import-chunks.ts";
import { pageErrors } from "../imports/store/import-errors.ts";
import { getImport, listImports, type ListCursor } from "../imports/store/import-jobs.ts";
import { importsDb, withImportSchema } from "../imports/store/import-schema.ts";
import { checkImportJourney } from "../imports/upload/check-journey.ts";
import { ImportHeaderError } from "../imports/upload/read-upload.ts";
import { UploadFailed, runUpload } from "../imports/upload/run-upload.ts";
import { uploadBody } from "../imports/upload/upload-body.ts";

export const imports = new Hono<AppEnv>();

const ERRORS_PAGE = 100;
const MAX_PAGE = 1_000;

imports.post("/", async (c) => {
  const body = await uploadBody(c.req.raw);
  if (!body.ok) throw new HttpError(body.status, body.code, body.message);
  const parsed = parseImportOptions({ ...c.req.query(), ...body.fields });
  if (!parsed.ok) throw new HttpError(400, "invalid_option", `Option ${parsed.path}: ${parsed.message}`, { path: parsed.path });
  const { options } = parsed;
  const workspace = c.get("workspace");
  if (options.journey !== null) {
    const check = await checkImportJourney(c.env, workspace, options.journey);
    if (!check.ok) throw new HttpError(check.code === "journey_not_found" ? 404 : 409, check.code, check.message, { path: "journey" });
  }
  let outcome;
  try {
    outcome = await runUpload({ env: c.env, workspace, options, csv: body.csv, filename: body.filename, now: Date.now });
  } catch (error) {
    if (error instanceof ImportHeaderError) throw new HttpError(400, "invalid_header", error.message, { path: error.path });
    if (error instanceof UploadFailed) throw new HttpError(400, "upload_failed", `Import ${error.id} stopped: ${error.message}`);
    throw error;
  }
  const view = await viewOf(c.env, workspace, outcome.id, 0, ERRORS_PAGE);
  if (view === null) throw new HttpError(500, "import_lost", `Import ${outcome.id} was read but its record is missing.`);
  const statusUrl = `${c.req.path.replace(/\/$/, "")}/${outcome.id}`;
  return c.json({ ...view, statusUrl, rerun: outcome.rerun }, options.dryRun ? 200 : 202);
});

imports.get("/:id", async (c) => {
  const id = c.req.param("id");
  const after = intParam(c.req.query("after"), "after", 0, Number.MAX_SAFE_INTEGER) ?? 0;
  const limit = intParam(c.req.query("limit"), "limit", 1, MAX_PAGE) ?? ERRORS_PAGE;
  const view = await viewOf(c.env, c.get("workspace"), id, after, limit);
  if (view === null) throw new HttpError(404, "import_not_found", `No import "${id}".`, { path: "id" });
  return c.json(view);
});

imports.get("/", async (c) => {
  const limit = intParam(c.req.query("limit"), "limit", 1, 100) ?? 20;
  const cursor = parseCursor(c.req.query("cursor"));
  const db = importsDb(c.env);
  const records = await withImportSchema(db, () => listImports(db, c.get("workspace"), cursor, limit));
  const views = await Promise.all(records.map(async (r) => importView(r, await chunkProgress(db, r.id), [], 1, Date.now())));
  const last = records.at(-1);
  const next = records.length === limit && last !== undefined ? `${last.createdAt}.${last.id}` : null;
  return c.json({ imports: views.map(({ errors: _errors, nextErrorsAfter: _next, ...rest }) => rest), nextCursor: next });
});

async function viewOf(env: Env, workspace: string, id: string, after: number, limit: number) {
  const db = importsDb(env);
  return withImportSchema(db, async () => {
    const record = await getImport(db, workspace, id);
    if (record === null) return null;
    const [progress, errors] = await Promise.all([chunkProgress(db, id), pageErrors(db, id, after, limit)]);
    return importView(record, progress, errors, limit, Date.now());
  });
}

function intParam(value: string | undefined, name: string, min: number, max: number): number | null {
  if (value === undefined || value === "") return null;
  const n = Number(value);
  if (!Number.isInteger(n) || n < min || n > max) throw new HttpError(400, "invalid_query", `${name} must be a whole number from ${min} to ${max}`, { path: name });
  return n;
}

function parseCursor(value: string | undefined): ListCursor | null {
  if (value === undefined || value === "") return null;
  const m = /^(\d+)\.(.+)$/.exec(value);
  if (m === null) throw new HttpError(400, "invalid_query", "cursor must be a nextCursor from an earlier page", { path: "cursor" });
  return { createdAt: Number(m[1]), id: m[2] ?? "" };
}
