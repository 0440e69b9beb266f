/**
 * A local HTTP endpoint on 127.0.0.1 that records every request and answers as the test says,
 * standing in for a provider's API.
 */
import { createServer, type IncomingHttpHeaders, type Server } from "node:http";
import type { AddressInfo } from "node:net";

export interface Captured {
  method: string;
  /** Path and query, e.g. "/v3/mail/send". */
  path: string;
  headers: IncomingHttpHeaders;
  body: Buffer;
  text: string;
}

export interface Reply {
  status: number;
  headers?: Record<string, string>;
  /** An object is sent as JSON. */
  body?: string | object;
  /** Answer only after this long (to provoke timeouts). */
  delayMs?: number;
}

export interface Sink {
  url: string;
  requests: Captured[];
  /** Sets how the sink answers from now on. */
  respond(handler: (req: Captured) => Reply): void;
  close(): Promise<void>;
}

export async function startSink(): Promise<Sink> {
  const requests: Captured[] = [];
  let handler: (req: Captured) => Reply = () => ({ status: 200, body: {} });
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      const body = Buffer.concat(chunks);
      const captured: Captured = { method: req.method ?? "", path: req.url ?? "", headers: req.headers, body, text: body.toString("utf8") };
      requests.push(captured);
      const reply = handler(captured);
      const payload = reply.body === undefined ? "" : typeof reply.body === "string" ? reply.body : JSON.stringify(reply.body);
      const headers = { ...(typeof reply.body === "object" ? { "content-type": "application/json" } : {}), ...reply.headers };
      const send = () => {
        if (res.destroyed) return;
        res.writeHead(reply.status, headers);
        res.end(payload);
      };
      if (reply.delayMs === undefined) send();
      else setTimeout(send, reply.delayMs);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    respond(next) {
      handler = next;
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** Runtime deps with a fixed clock and no jitter, so retry delays are exact. */
export const fixedDeps = { now: () => Date.UTC(2026, 0, 15, 12, 0, 0), random: () => 0, timeoutMs: 1000, retry: { baseMs: 1000, capMs: 60_000 } };
