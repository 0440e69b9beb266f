/**
 * Admin routes for segments, templates and geofences (secret key), one small sub-app per kind:
 * GET / (list), GET /:id, PUT /:id (validated, stored, published), DELETE /:id (409 while a
 * published journey still uses it).
 */
import { Hono } from "hono";
import type { DocumentKind } from "../catalog/document-store.ts";
import { type LibraryDocument, deleteLibraryDocument, getLibraryDocument, listLibrary, putLibraryDocument } from "../catalog/library-admin.ts";
import { checkSegment } from "../catalog/validation.ts";
import type { AppEnv } from "../http/app-env.ts";
import { HttpError, type Problem } from "../http/errors.ts";
import { catalogId, withPathId } from "../http/path-id.ts";
import { ADMIN_MAX_BYTES } from "../http/read-json.ts";
import { GeofenceInput } from "../http/schemas/geofence.ts";
import { invalidRequest } from "../http/validate.ts";
import { zodProblems } from "../http/zod-problems.ts";
import { jsonBody } from "../middleware/json-body.ts";
import { validateTemplate } from "../templates/index.ts";

type Checked = { ok: true; doc: LibraryDocument } | { ok: false; problems: Problem[] };

/** Validates a document of one kind (its `id` already set from the path). */
type Check = (input: unknown, id: string) => Checked;

const checkers: Record<DocumentKind, Check> = {
  segment: (input) => {
    const r = checkSegment(input);
    return r.ok ? { ok: true, doc: { kind: "segment", body: r.value } } : { ok: false, problems: r.problems };
  },
  template: (input, id) => {
    const r = validateTemplate(input);
    if (!r.ok) return { ok: false, problems: r.problems.map((p) => ({ path: p.path, code: "invalid_template", message: p.line === undefined ? p.message : `${p.message} (line ${p.line})` })) };
    return { ok: true, doc: { kind: "template", body: { ...r.template, id } } };
  },
  geofence: (input, id) => {
    const r = GeofenceInput.safeParse(input);
    return r.success ? { ok: true, doc: { kind: "geofence", body: { ...r.data, id } } } : { ok: false, problems: zodProblems(r.error) };
  },
};

const PLURAL: Record<DocumentKind, string> = { segment: "segments", template: "templates", geofence: "geofences" };

/** The sub-app for one document kind, mounted at /v1/admin/{kind}s. */
export function libraryRoutes(kind: DocumentKind): Hono<AppEnv> {
  const routes = new Hono<AppEnv>();
  const notFound = (id: string) => new HttpError(404, `${kind}_not_found`, `No ${kind} "${id}".`, { path: "id" });
  const iso = (ms: number) => new Date(ms).toISOString();

  routes.get("/", async (c) => {
    const docs = await listLibrary<unknown>(c.env, c.get("workspace"), kind);
    return c.json({ [PLURAL[kind]]: docs.map((d) => d.body) });
  });

  routes.get("/:id", async (c) => {
    const id = catalogId(c.req.param("id"));
    const doc = await getLibraryDocument<unknown>(c.env, c.get("workspace"), kind, id);
    if (doc === null) throw notFound(id);
    return c.json({ [kind]: doc.body, updatedAt: iso(doc.updatedAt) });
  });

  routes.put("/:id", jsonBody({ maxBytes: ADMIN_MAX_BYTES }), async (c) => {
    const id = catalogId(c.req.param("id"));
    const checked = checkers[kind](withPathId(c.get("body"), id), id);
    if (!checked.ok) throw invalidRequest(checked.problems, `invalid_${kind}`);
    const { created } = await putLibraryDocument(c.env, c.get("workspace"), checked.doc, Date.now());
    return c.json({ [kind]: checked.doc.body }, created ? 201 : 200);
  });

  routes.delete("/:id", async (c) => {
    const id = catalogId(c.req.param("id"));
    const result = await deleteLibraryDocument(c.env, c.get("workspace"), kind, id);
    if (result.type === "not_found") throw notFound(id);
    if (result.type === "in_use") {
      throw new HttpError(409, `${kind}_in_use`, `${kind} "${id}" is used by published journeys: ${result.journeys.join(", ")}. Archive them or publish versions without it first.`);
    }
    return c.json({ deleted: true, id });
  });

  return routes;
}
