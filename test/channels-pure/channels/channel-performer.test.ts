import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { channelPerformer } from "../../../worker/channels/channel-performer.ts";
import { createDelivery } from "../../../worker/channels/registry.ts";
import type { Recipient } from "../../../worker/channels/types.ts";
import type { PerformContext } from "../../../worker/user/outbox/performer.ts";
import type { IoEffect, OutboxRow } from "../../../worker/user/store/outbox-store.ts";
import { fixedDeps, startSink, type Sink } from "./helpers/sink.ts";

const event = { name: "Added To Cart", properties: { name: "Lamp" }, at: Date.UTC(2026, 0, 15) };
const templates: Record<string, Record<string, unknown>> = {
  "cart-email": { id: "cart-email", channel: "email", subject: "{{ user.first_name }}: {{ event.properties.name }} ({{ journey.id }} v{{ journey.version }})", html: "<p>{{ data.recs.title }}</p>" },
  "cart-push": { id: "cart-push", channel: "web_push", title: "{{ event.properties.name }}", body: "b" },
};
const row = (effect: IoEffect): OutboxRow => ({ seq: 1, key: effect.type === "send" ? effect.key : "k", effect, status: "pending", attempts: 0, nextAttemptAt: 0, lastError: null });
const send = (template: string, channel: "email" | "web_push"): IoEffect => ({ type: "send", key: "r1:2", runId: "r1", journeyId: "cart", version: 3, node: "email", channel, template, transactional: false, kind: "message", event, data: { recs: { title: "Shades" } } });

describe("channelPerformer", () => {
  let sink: Sink;
  const dead: Array<[Recipient, string]> = [];
  beforeAll(async () => {
    sink = await startSink();
  });
  afterAll(() => sink.close());
  beforeEach(() => {
    sink.requests.length = 0;
    dead.length = 0;
  });
  const context = (attempt = 1): PerformContext => ({
    workspace: "demo",
    userId: "u1",
    traits: { first_name: "Ada", email: "ada@example.com", phone: "+14155550100" },
    timeZone: "UTC",
    now: fixedDeps.now(),
    attempt,
    idempotencyKey: "demo:u1:r1:2",
    catalog: { live: async () => ({ version: "1", journeys: [], segments: [], geofences: [] }), journeyVersion: async () => null, template: async (_, id) => (templates[id] === undefined ? null : { id, channel: "", ...templates[id] }) },
    fetch,
    sentAt: () => [],
  });
  const performer = () => {
    const delivery = createDelivery(
      { email: { provider: "resend", apiKey: "re_1", from: "hi@shop.test", baseUrl: sink.url }, web_push: { publicKey: "B".repeat(87), privateKey: "a".repeat(43), subject: "mailto:a@b.co" }, audiences: { facebook: { accessToken: "t", baseUrl: sink.url } } },
      fixedDeps,
    );
    return channelPerformer({
      delivery: () => delivery,
      contact: () => ({ webPush: [{ endpoint: `${sink.url}/push/1`, keys: { p256dh: "short", auth: "x" } }] }),
      onUnreachable: (r, reason) => void dead.push([r, reason]),
    });
  };

  it("renders the catalog template with user, event, data and journey, and sends with the global idempotency key", async () => {
    sink.respond(() => ({ status: 200, body: { id: "re-1" } }));
    expect(await performer().perform(row(send("cart-email", "email")), context())).toEqual({ type: "sent", providerId: "re-1" });
    const body = JSON.parse(sink.requests[0]?.text ?? "");
    expect([body.subject, body.html, sink.requests[0]?.headers["idempotency-key"]]).toEqual(["Ada: Lamp (cart v3)", "<p>Shades</p>", "demo:u1:r1:2"]);
  });

  it.each([false, true])("tells the delivery whether the send is transactional (%s): transactional e-mail carries no List-Unsubscribe", async (transactional) => {
    sink.respond(() => ({ status: 200, body: { id: "re-1" } }));
    const delivery = createDelivery({ email: { provider: "resend", apiKey: "re_1", from: "hi@shop.test", baseUrl: sink.url } }, fixedDeps);
    const link = { message: { id: "demo:u1:r1:2", unsubscribe_url: "https://nudge.test/v1/unsubscribe?token=t" } };
    // As worker/user/delivery/unsubscribe-vars.ts does: the link joins the template variables.
    const withLink = { ...delivery, sendTemplate: (...args: Parameters<typeof delivery.sendTemplate>) => delivery.sendTemplate(args[0], args[1], args[2], Object.assign({}, args[3], link), args[4]) };
    const effect = { ...send("cart-email", "email"), transactional };
    await channelPerformer({ delivery: () => withLink }).perform(row(effect), context());
    const body = JSON.parse(sink.requests[0]?.text ?? "");
    expect(body.headers?.["List-Unsubscribe"]).toBe(transactional ? undefined : "<https://nudge.test/v1/unsubscribe?token=t>");
    expect(body.tags.map((t: { name: string }) => t.name)).toEqual(["nudge_user", "nudge_key"]);
  });

  it("fails a send whose template is missing", async () => {
    expect(await performer().perform(row(send("nope", "email")), context())).toEqual({ type: "failed", reason: "template nope not found" });
  });

  it("reports dead addresses to onUnreachable", async () => {
    const outcome = await performer().perform(row(send("cart-push", "web_push")), context());
    expect(outcome.type).toBe("unreachable");
    expect(dead).toHaveLength(1);
    expect(dead[0]?.[1]).toMatch(/broken subscription/);
  });

  it("performs webhooks and audiences, and fetch_data as a data input", async () => {
    sink.respond((req) => ({ status: 200, body: req.path === "/data/u1" ? { ok: 1 } : { audience_id: "9", num_received: 1, num_invalid_entries: 0 } }));
    const p = performer();
    expect(await p.perform(row({ type: "webhook", key: "k", runId: "r1", node: "hook", url: `${sink.url}/hook/{{ user.id }}`, method: "POST", headers: {}, body: { n: "{{ event.name }}" }, event, data: {} }), context())).toEqual({ type: "sent" });
    expect(sink.requests[0]?.text).toBe('{"n":"Added To Cart"}');
    expect(await p.perform(row({ type: "audience", key: "k", runId: "r1", node: "aud", provider: "facebook", audience: "9", op: "add" }), context())).toMatchObject({ type: "sent" });
    const fetchRow = { ...row({ type: "fetch_data", key: "r1:5", runId: "r1", node: "f", url: `${sink.url}/data/{{ user.id }}`, method: "GET", headers: {}, timeoutMs: 500, event, data: {} }), effect: { type: "fetch_data" as const, key: "r1:5", runId: "r1", node: "f", url: `${sink.url}/data/{{ user.id }}`, method: "GET", headers: {}, timeoutMs: 500, event, data: {} } };
    expect(await p.fetchData?.(fetchRow, context())).toEqual({ type: "data", requestKey: "r1:5", ok: true, data: { ok: 1 } });
  });

  it("passes the outbox attempt on, so retries back off", async () => {
    sink.respond(() => ({ status: 503, body: {} }));
    expect(await performer().perform(row(send("cart-email", "email")), context(3))).toMatchObject({ type: "retry", afterMs: 2000 });
  });
});
