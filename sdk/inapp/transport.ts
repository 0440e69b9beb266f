/**
 * Receives in-app messages: `GET /v1/inbox` on start (and after every reconnect, to catch what
 * was missed), plus the live `GET /v1/connect` WebSocket while the page is open, reconnecting with
 * backoff and again whenever the identity changes. Frames are ServerFrame (protocol.ts).
 */
import { backoff } from "../delivery/backoff.ts";
import type { Host } from "../plugin.ts";
import type { ClientFrame, InboxResponse, ServerFrame } from "../protocol.ts";

/** Starts receiving; `onFrame` gets every message and revoke frame. Returns stop(). */
export function receive(host: Host, onFrame: (f: ServerFrame) => void): () => void {
  let ws: WebSocket | undefined;
  let attempt = 0;
  let timer: ReturnType<typeof setTimeout> | undefined;
  let stopped = false;
  // Frames come from the network: anything without a string id is ignored, never thrown on.
  const deliver = (f: ServerFrame): void => {
    if (f && typeof f == "object" && typeof f.type == "string" && "id" in f && typeof f.id == "string") onFrame(f);
  };

  const inbox = async (): Promise<void> => {
    try {
      const res = await host.api("/v1/inbox");
      const body: InboxResponse | undefined = res.ok ? await res.json() : undefined;
      if (Array.isArray(body?.messages)) body.messages.forEach(deliver);
    } catch {
      /* offline: the WebSocket retry will fetch it again */
    }
  };

  const open = (): void => {
    if (stopped || typeof WebSocket != "function") return;
    const u = new URL("/v1/connect", host.options.apiHost.replace(/^http/, "ws"));
    for (const [k, v] of Object.entries(host.caller())) if (v) u.searchParams.set(k, v);
    const s = (ws = new WebSocket(u));
    const send = (f: ClientFrame): void => s.send(JSON.stringify(f));
    s.onopen = () => {
      if (attempt) void inbox();
      attempt = 0;
    };
    s.onmessage = (e) => {
      let f: ServerFrame;
      try {
        f = JSON.parse(String(e.data));
      } catch {
        return;
      }
      if (f?.type == "ping") return send({ type: "pong" });
      if (f?.type == "message") send({ type: "ack", id: f.id });
      deliver(f);
    };
    s.onclose = () => {
      if (ws != s || stopped) return;
      timer = setTimeout(open, backoff(++attempt, Math.random()));
    };
  };

  const restart = (): void => {
    clearTimeout(timer);
    const old = ws;
    ws = undefined;
    old?.close();
    attempt = 0;
    void inbox();
    open();
  };

  const off = host.on("identity", restart);
  void inbox();
  open();
  return () => {
    stopped = true;
    off();
    clearTimeout(timer);
    ws?.close();
  };
}
