import { beforeEach, expect, test, vi } from "vitest";
import { receive } from "../../sdk/inapp/transport.ts";
import type { MessageFrame, ServerFrame } from "../../sdk/protocol.ts";
import { fakeApi } from "./helpers/fake-api.ts";
import { stubHost, type StubHost } from "./helpers/stub-host.ts";

/** Stands in for the browser WebSocket; tests drive the server side. */
class FakeSocket {
  static all: FakeSocket[] = [];
  url: string;
  sent: unknown[] = [];
  closed = false;
  onopen: (() => void) | null = null;
  onmessage: ((e: { data: string }) => void) | null = null;
  onclose: (() => void) | null = null;
  constructor(url: URL | string) {
    this.url = String(url);
    FakeSocket.all.push(this);
  }
  send(data: string): void {
    this.sent.push(JSON.parse(data));
  }
  close(): void {
    this.closed = true;
    this.onclose?.();
  }
  frame(f: unknown): void {
    this.onmessage?.({ data: typeof f == "string" ? f : JSON.stringify(f) });
  }
}

const inbox: MessageFrame[] = [{ type: "message", id: "from-inbox", layout: "banner", title: "Welcome back" }];
let host: StubHost;
let got: ServerFrame[];

beforeEach(() => {
  FakeSocket.all = [];
  vi.stubGlobal("WebSocket", FakeSocket);
  host = stubHost({ apiHost: "https://api.test" });
  got = [];
  fakeApi((r) => (r.url.pathname == "/v1/inbox" ? Response.json({ messages: inbox }) : undefined));
});

const tick = () => new Promise((r) => setTimeout(r, 0));

test("fetches the inbox, opens the live socket with the caller in the query, and passes frames on", async () => {
  receive(host, (f) => got.push(f));
  await tick();
  const ws = FakeSocket.all[0];
  expect(ws?.url).toBe("wss://api.test/v1/connect?writeKey=wk_test&anonymousId=anon-1");
  expect(got).toEqual(inbox);
  ws?.onopen?.();
  ws?.frame({ type: "message", id: "live-1", layout: "modal", title: "Flash sale" });
  ws?.frame({ type: "revoke", id: "from-inbox" });
  ws?.frame({ type: "ping" });
  expect(got.map((f) => `${f.type} ${"id" in f ? f.id : ""}`)).toEqual(["message from-inbox", "message live-1", "revoke from-inbox"]);
  expect(ws?.sent).toEqual([{ type: "ack", id: "live-1" }, { type: "pong" }]);
});

test("garbage frames are ignored, never thrown on", async () => {
  receive(host, (f) => got.push(f));
  await tick();
  const ws = FakeSocket.all[0];
  for (const f of ["not json", "null", "42", JSON.stringify({ type: "message" }), JSON.stringify({ id: 5, type: "message" })]) ws?.frame(f);
  expect(got).toEqual(inbox);
});

test("reconnects with backoff after a drop and catches up from the inbox", async () => {
  vi.spyOn(Math, "random").mockReturnValue(0);
  vi.useFakeTimers({ toFake: ["setTimeout", "clearTimeout"] });
  receive(host, (f) => got.push(f));
  await vi.advanceTimersByTimeAsync(0);
  FakeSocket.all[0]?.onopen?.();
  FakeSocket.all[0]?.onclose?.();
  await vi.advanceTimersByTimeAsync(499);
  expect(FakeSocket.all).toHaveLength(1);
  await vi.advanceTimersByTimeAsync(1); // backoff(1, 0) = 500 ms
  expect(FakeSocket.all).toHaveLength(2);
  FakeSocket.all[1]?.onopen?.();
  await vi.advanceTimersByTimeAsync(0);
  expect(got.filter((f) => "id" in f && f.id == "from-inbox")).toHaveLength(2);
  vi.useRealTimers();
});

test("a new identity reconnects as the new user; stop() closes for good", async () => {
  const stop = receive(host, (f) => got.push(f));
  await tick();
  host.caller = () => ({ writeKey: "wk_test", anonymousId: "anon-1", userId: "u_7", userHash: "h7" });
  host.emit("identity");
  expect(FakeSocket.all[0]?.closed).toBe(true);
  expect(FakeSocket.all[1]?.url).toBe("wss://api.test/v1/connect?writeKey=wk_test&anonymousId=anon-1&userId=u_7&userHash=h7");
  stop();
  expect(FakeSocket.all[1]?.closed).toBe(true);
  await tick();
  expect(FakeSocket.all).toHaveLength(2);
});
