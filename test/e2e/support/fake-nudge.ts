/**
 * A local stand-in for the Nudge Worker in e2e tests: serves the built SDK (public/sdk), the test
 * pages (test/e2e/pages, with {{API}} and {{SITE}} filled in), and the browser-facing API — POST
 * /v1/batch (deduplicated by messageId, as the real one is), GET /v1/inbox, GET /v1/connect
 * (WebSocket), GET /v1/geofences, GET /v1/push/vapid-public-key, POST /v1/push/subscriptions,
 * POST /v1/messages/{id}/events — with CORS on everything, recording every request. Also serves
 * the demo shop (public/shop).
 */
import { readFile } from "node:fs/promises";
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import path from "node:path";
import { fileURLToPath } from "node:url";
import type { BatchBody, Geofence, MessageFrame, NudgeEvent, ServerFrame } from "../../../sdk/protocol.ts";
import { accept, type TestSocket } from "./websocket.ts";

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../../..");
const TYPES: Record<string, string> = { ".js": "text/javascript", ".mjs": "text/javascript", ".html": "text/html; charset=utf-8", ".json": "application/json", ".png": "image/png" };

export interface Recorded {
  method: string;
  path: string;
  query: URLSearchParams;
  /** Parsed JSON body, or undefined. */
  body: unknown;
  contentType: string | undefined;
  origin: string | undefined;
  /** Epoch ms received. */
  at: number;
}

export interface FakeNudge {
  origin: string;
  requests: Recorded[];
  /** Every event in every accepted batch, duplicates included (what the wire carried). */
  received: NudgeEvent[];
  /** Events by messageId, each stored once (what the server keeps). */
  events: Map<string, NudgeEvent>;
  inbox: MessageFrame[];
  geofences: Geofence[];
  vapidPublicKey: string;
  /** While true, /v1/batch connections are dropped unanswered (an outage: the SDK sees a network error). */
  down: boolean;
  /** Answers for the next /v1/batch calls (status, headers); empty = 200. */
  batchAnswers: { status: number; headers?: Record<string, string> }[];
  sockets: TestSocket[];
  /** Sends a frame to every open /v1/connect socket. */
  broadcast(frame: ServerFrame): void;
  /** Values replacing {{NAME}} in pages (API and SITE are preset). */
  vars: Record<string, string>;
  tracked(name: string): NudgeEvent[];
  close(): Promise<void>;
}

async function body(req: IncomingMessage): Promise<unknown> {
  const chunks: Buffer[] = [];
  for await (const c of req) chunks.push(Buffer.from(c));
  const text = Buffer.concat(chunks).toString();
  if (!text) return undefined;
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}

const json = (res: ServerResponse, status: number, data: unknown, headers: Record<string, string> = {}): void => {
  res.writeHead(status, { "content-type": "application/json", ...headers }).end(JSON.stringify(data));
};

const isBatch = (b: unknown): b is BatchBody => typeof b == "object" && b !== null && "batch" in b && Array.isArray(b.batch);

/** Starts a server on 127.0.0.1 and a free port. */
export async function startFakeNudge(writeKey = "wk_dev"): Promise<FakeNudge> {
  const fake: FakeNudge = {
    origin: "",
    requests: [],
    received: [],
    events: new Map(),
    inbox: [],
    geofences: [],
    vapidPublicKey: "",
    down: false,
    batchAnswers: [],
    sockets: [],
    vars: {},
    broadcast: (frame) => fake.sockets.filter((s) => !s.closed).forEach((s) => s.send(frame)),
    tracked: (name) => [...fake.events.values()].filter((e) => e.type == "track" && e.event == name),
    close: async () => {
      fake.sockets.forEach((s) => s.close());
      server.closeAllConnections();
      await new Promise((r) => server.close(r));
    },
  };

  async function api(req: IncomingMessage, res: ServerResponse, url: URL, data: unknown): Promise<void> {
    const key = typeof data == "object" && data !== null && "writeKey" in data ? data.writeKey : url.searchParams.get("writeKey");
    if (key != writeKey) return json(res, 401, { error: { code: "unauthorized", message: "bad write key" } });
    const p = url.pathname;
    if (req.method == "POST" && p == "/v1/batch" && isBatch(data)) {
      const answer = fake.batchAnswers.shift();
      if (answer && answer.status != 200) return json(res, answer.status, { error: { code: "test", message: "scripted" } }, answer.headers);
      for (const e of data.batch) {
        fake.received.push(e);
        if (!fake.events.has(e.messageId)) fake.events.set(e.messageId, e);
      }
      return json(res, 200, { success: true });
    }
    if (req.method == "GET" && p == "/v1/inbox") return json(res, 200, { messages: fake.inbox });
    if (req.method == "GET" && p == "/v1/geofences") return json(res, 200, { geofences: fake.geofences });
    if (req.method == "GET" && p == "/v1/push/vapid-public-key") return json(res, 200, { publicKey: fake.vapidPublicKey });
    if (req.method == "POST" && (p == "/v1/push/subscriptions" || /^\/v1\/messages\/[^/]+\/events$/.test(p))) return json(res, 200, { success: true });
    json(res, 404, { error: { code: "not_found", message: p } });
  }

  async function file(res: ServerResponse, url: URL): Promise<void> {
    const p = url.pathname.endsWith("/") ? `${url.pathname}index.html` : url.pathname;
    const rel = /^\/(sdk|shop)\//.test(p) ? path.join("public", p) : p.startsWith("/pages/") ? path.join("test/e2e", p) : "";
    const full = path.join(ROOT, rel);
    if (!rel || !full.startsWith(ROOT) || rel.includes("..")) return json(res, 404, { error: { code: "not_found", message: url.pathname } });
    try {
      let content: Buffer | string = await readFile(full);
      const ext = path.extname(full);
      if (ext == ".html") content = content.toString().replace(/\{\{(\w+)\}\}/g, (_, k: string) => fake.vars[k] ?? "");
      res.writeHead(200, { "content-type": TYPES[ext] ?? "application/octet-stream", "cache-control": "no-store" }).end(content);
    } catch {
      json(res, 404, { error: { code: "not_found", message: url.pathname } });
    }
  }

  const server = createServer(async (req, res) => {
    const url = new URL(req.url ?? "/", fake.origin);
    res.setHeader("access-control-allow-origin", "*");
    res.setHeader("access-control-expose-headers", "Retry-After");
    if (req.method == "OPTIONS") {
      return res.writeHead(204, { "access-control-allow-methods": "GET, POST, OPTIONS", "access-control-allow-headers": "Authorization, Content-Type" }).end();
    }
    if (url.pathname == "/favicon.ico") return res.writeHead(204).end();
    const data = req.method == "POST" ? await body(req) : undefined;
    if (fake.down && url.pathname == "/v1/batch") return void req.socket.destroy();
    if (url.pathname.startsWith("/v1/")) {
      fake.requests.push({ method: req.method ?? "GET", path: url.pathname, query: url.searchParams, body: data, contentType: req.headers["content-type"], origin: req.headers.origin, at: Date.now() });
      return api(req, res, url, data);
    }
    return file(res, url);
  });
  server.on("upgrade", (req, socket) => {
    const url = new URL(req.url ?? "/", fake.origin);
    if (url.pathname != "/v1/connect" || url.searchParams.get("writeKey") != writeKey) return socket.destroy();
    fake.requests.push({ method: "GET", path: url.pathname, query: url.searchParams, body: undefined, contentType: undefined, origin: req.headers.origin, at: Date.now() });
    fake.sockets.push(accept(req, socket, fake.origin));
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  const address = server.address();
  if (!address || typeof address == "string") throw new Error("fake Nudge: no port");
  fake.origin = `http://127.0.0.1:${address.port}`;
  fake.vars.API = fake.origin;
  fake.vars.SITE = fake.origin;
  return fake;
}

/** Polls `fn` until it returns a truthy value (returned) or `timeout` ms pass (throws with `what`). */
export async function until<T>(what: string, fn: () => T | undefined | null | false | Promise<T | undefined | null | false>, timeout = 10_000): Promise<T> {
  const end = Date.now() + timeout;
  for (;;) {
    const v = await fn();
    if (v) return v;
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}
