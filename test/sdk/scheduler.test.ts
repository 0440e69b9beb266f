import { afterEach, beforeAll, beforeEach, expect, test, vi } from "vitest";
import { Scheduler } from "../../sdk/inapp/scheduler.ts";
import type { MessageFrame } from "../../sdk/protocol.ts";
import { fakeApi, type FakeApi } from "./helpers/fake-api.ts";
import { stubHost, type StubHost } from "./helpers/stub-host.ts";

let host: StubHost;
let api: FakeApi;
const msg = (id: string, o: Partial<MessageFrame> = {}): MessageFrame => ({ type: "message", id, layout: "slide_in", title: `Title ${id}`, buttons: [{ id: "ok", label: "OK", url: "https://shop.example/ok" }], ...o });
const shown = (): string[] => [...document.querySelectorAll("nudge-overlay")].map((e) => e.getAttribute("data-id") ?? "");
const root = () => document.querySelector("nudge-overlay")?.shadowRoot;

// Load the overlays chunk once up front, so a first show is not slowed by the module transform.
beforeAll(() => import("../../overlays/index.ts"));
beforeEach(() => {
  localStorage.clear();
  history.replaceState(null, "", "/home");
  host = stubHost();
  api = fakeApi();
});
afterEach(() => {
  vi.useRealTimers();
  document.body.innerHTML = "";
});

async function flush(): Promise<void> {
  for (let i = 0; i < 5; i++) await new Promise((r) => setTimeout(r, 0));
}

test("one at a time, by priority: the next shows when the first is dismissed", async () => {
  const s = new Scheduler(host);
  s.add(msg("low", { priority: 1 }));
  await flush();
  s.add(msg("high", { priority: 9 }));
  s.add(msg("mid", { priority: 5 }));
  await flush();
  expect(shown()).toEqual(["low"]); // already showing: not interrupted
  root()?.querySelector<HTMLElement>(".x")?.click();
  await flush();
  expect(shown()).toEqual(["high"]);
  root()?.querySelector<HTMLElement>(".x")?.click();
  await flush();
  expect(shown()).toEqual(["mid"]);
  expect(host.tracked.map((t) => `${t.event} ${t.properties.messageId}`)).toEqual([
    "In-App Shown low",
    "In-App Dismissed low",
    "In-App Shown high",
    "In-App Dismissed high",
    "In-App Shown mid",
  ]);
  expect(api.bodies<{ type: string; channel: string }>("/v1/messages/low/events").map((b) => [b.type, b.channel])).toEqual([
    ["shown", "in_app"],
    ["dismissed", "in_app"],
  ]);
});

test("a message seen once (even before a reload) or expired is not shown again", async () => {
  new Scheduler(host).add(msg("once"));
  await flush();
  document.body.innerHTML = "";
  const again = new Scheduler(host);
  again.add(msg("once"));
  again.add(msg("old", { expiresAt: "2001-01-01T00:00:00Z" }));
  await flush();
  expect(shown()).toEqual([]);
});

test("a URL rule waits for an SPA navigation to a matching page, then the delay runs", async () => {
  vi.useFakeTimers({ toFake: ["setTimeout", "clearTimeout", "Date"], now: Date.parse("2025-06-01T12:00:00Z") });
  const s = new Scheduler(host);
  s.add(msg("cart-help", { rules: { urls: ["/cart"], delayMs: 2000 } }));
  await vi.advanceTimersByTimeAsync(10_000);
  expect(shown()).toEqual([]);
  history.pushState(null, "", "/cart");
  host.emit("navigate");
  await vi.advanceTimersByTimeAsync(1999);
  expect(shown()).toEqual([]);
  await vi.advanceTimersByTimeAsync(1);
  vi.useRealTimers();
  await flush();
  expect(shown()).toEqual(["cart-help"]);
});

test("navigating away before the delay ends cancels it", async () => {
  vi.useFakeTimers({ toFake: ["setTimeout", "clearTimeout", "Date"], now: Date.parse("2025-06-01T12:00:00Z") });
  history.replaceState(null, "", "/cart");
  const s = new Scheduler(host);
  host.emit("navigate");
  s.add(msg("cart-help", { rules: { urls: ["/cart"], delayMs: 2000 } }));
  await vi.advanceTimersByTimeAsync(1000);
  history.pushState(null, "", "/home");
  host.emit("navigate");
  await vi.advanceTimersByTimeAsync(5000);
  vi.useRealTimers();
  await flush();
  expect(shown()).toEqual([]);
});

test("exit intent: shows when the pointer leaves through the top", async () => {
  const s = new Scheduler(host);
  s.add(msg("stay", { rules: { exitIntent: true } }));
  await flush();
  document.dispatchEvent(new MouseEvent("mouseout", { clientY: 200, relatedTarget: null }));
  await flush();
  expect(shown()).toEqual([]);
  document.dispatchEvent(new MouseEvent("mouseout", { clientY: -2, relatedTarget: null }));
  await flush();
  expect(shown()).toEqual(["stay"]);
});

test("a button click tracks, reports and navigates to its URL; a survey answer is tracked", async () => {
  const assign = vi.spyOn(location, "assign").mockImplementation(() => {});
  const s = new Scheduler(host);
  s.add(msg("promo", { buttons: [{ id: "go", label: "Go", url: "/sale" }, { id: "evil", label: "Evil", url: "javascript:alert(1)" }] }));
  await flush();
  root()?.querySelector<HTMLElement>("#btn-go")?.click();
  await flush();
  expect(assign).toHaveBeenCalledWith(`${location.origin}/sale`);
  expect(host.tracked.at(-1)).toEqual({ event: "In-App Clicked", properties: expect.objectContaining({ messageId: "promo", buttonId: "go", url: "/sale" }) });
  s.add(msg("evil-promo", { buttons: [{ id: "evil", label: "Evil", url: "javascript:alert(1)" }] }));
  await flush();
  root()?.querySelector<HTMLElement>("#btn-evil")?.click();
  await flush();
  expect(assign).toHaveBeenCalledTimes(1); // javascript: URLs are never followed
  s.add(msg("nps", { buttons: undefined, survey: { type: "nps", question: "Recommend us?" } }));
  await flush();
  root()?.querySelectorAll<HTMLElement>(".scale button")[10]?.click();
  await flush();
  expect(host.tracked.at(-1)).toEqual({ event: "Survey Answered", properties: expect.objectContaining({ messageId: "nps", survey: "nps", question: "Recommend us?", score: 10 }) });
  expect(api.bodies<{ type: string; answer: unknown }>("/v1/messages/nps/events").at(-1)).toMatchObject({ type: "answered", answer: { score: 10 } });
  assign.mockRestore();
});

test("revoke withdraws a pending message and closes a showing one", async () => {
  const s = new Scheduler(host);
  s.add(msg("a"));
  s.add(msg("b"));
  await flush();
  s.revoke("b");
  s.revoke("a");
  await flush();
  expect(shown()).toEqual([]);
});
