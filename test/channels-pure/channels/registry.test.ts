import { createHmac } from "node:crypto";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import type { Channel } from "../../../worker/journey/schema/channels.ts";
import { createDelivery } from "../../../worker/channels/registry.ts";
import type { BrowserMessage } from "../../../worker/channels/send-message.ts";
import { templateVars } from "../../../worker/templates/vars.ts";
import { vapidKeys } from "./helpers/keys.ts";
import { fixedDeps, startSink, type Sink } from "./helpers/sink.ts";
import { decryptWebPush, subscriber } from "./helpers/web-push-decrypt.ts";

const vars = templateVars({
  userId: "u1",
  traits: { first_name: "Ada", email: "ada@example.com" },
  event: { name: "Added To Cart", properties: { name: "Lamp", sku: "L-1" }, at: Date.UTC(2026, 0, 15) },
  data: {},
  journey: { id: "cart", version: 3, node: "email", runId: "r1" },
});
const contact = { userId: "u1", traits: { first_name: "Ada", email: "ada@example.com" } };
const emailTemplate = { id: "cart-email", channel: "email", subject: "{{ user.first_name }}, your {{ event.properties.name }}", html: "<p>Hi</p>" };
const send = (channel: Channel, extra: { kind?: "message" | "survey" } = {}) => ({ key: "r1:7", channel, ...extra });

describe("createDelivery", () => {
  let sink: Sink;
  const browser: BrowserMessage[] = [];
  beforeAll(async () => {
    sink = await startSink();
  });
  afterAll(() => sink.close());
  beforeEach(() => {
    sink.requests.length = 0;
    browser.length = 0;
  });
  const delivery = () =>
    createDelivery(
      {
        email: { provider: "resend", apiKey: "re_1", from: "Shop <hi@shop.test>", baseUrl: sink.url },
        web_push: { ...keys, baseUrl: sink.url },
        audiences: { facebook: { accessToken: "EAAB", baseUrl: sink.url } },
        sms: { provider: "twilio", accountSid: "AC1", authToken: "x", from: "+1" },
      },
      { ...fixedDeps, webhookSecret: "whsec_0123456789abcdef", browser: async (m) => (browser.push(m), { type: "sent", providerId: `ws:${m.key}` }) },
    );
  const keys = vapidKeys();

  it("renders, addresses and sends a template in one call", async () => {
    sink.respond(() => ({ status: 200, body: { id: "re-1" } }));
    const report = await delivery().sendTemplate(send("email"), emailTemplate, contact, vars);
    expect(report.outcome).toEqual({ type: "sent", providerId: "re-1" });
    const body = JSON.parse(sink.requests[0]?.text ?? "");
    expect([body.subject, body.to, sink.requests[0]?.headers["idempotency-key"]]).toEqual(["Ada, your Lamp", ["Ada <ada@example.com>"], "r1:7"]);
  });

  it.each([
    ["a marketing e-mail", {}, { "List-Unsubscribe": "<https://nudge.test/v1/unsubscribe?token=t1>", "List-Unsubscribe-Post": "List-Unsubscribe=One-Click" }],
    ["a transactional e-mail", { transactional: true }, undefined],
  ])("tags %s with the contact's user and the key; one-click unsubscribe headers from message.unsubscribe_url", async (_, extra, headers) => {
    sink.respond(() => ({ status: 200, body: { id: "re-1" } }));
    const withLink = Object.assign({}, vars, { message: { id: "r1:7", unsubscribe_url: "https://nudge.test/v1/unsubscribe?token=t1" } });
    await delivery().sendTemplate({ ...send("email"), ...extra }, emailTemplate, contact, withLink);
    const body = JSON.parse(sink.requests[0]?.text ?? "");
    expect(body.tags.map((t: { name: string }) => t.name)).toEqual(["nudge_user", "nudge_key"]);
    expect(body.headers).toEqual(headers);
  });

  it("adds no unsubscribe headers while the link is empty (public URL not known yet)", async () => {
    sink.respond(() => ({ status: 200, body: { id: "re-1" } }));
    await delivery().sendTemplate(send("email"), emailTemplate, contact, Object.assign({}, vars, { message: { id: "r1:7", unsubscribe_url: "" } }));
    expect(JSON.parse(sink.requests[0]?.text ?? "").headers).toBeUndefined();
  });

  it("reports settings problems and fails sends on the channel they disable", async () => {
    const d = delivery();
    expect(d.problems.map((p) => p.path)).toEqual(["sms.accountSid"]);
    const report = await d.sendTemplate(send("sms"), { channel: "sms", body: "hi" }, { userId: "u1", traits: { phone: "+14155550100" } }, vars);
    expect(report.outcome).toEqual({ type: "failed", reason: "sms: no provider configured in channel settings" });
  });

  it.each([
    ["a template that fails to render", emailTemplate, { ...contact }, send("email"), { type: "failed", reason: "template subject after rendering: must not be empty" }, { subject: "{{ nothing }}" }],
    ["a user without the address", emailTemplate, { userId: "u1", traits: {} }, send("email"), { type: "suppressed", reason: "email: no address to send to" }, {}],
    ["a template of another channel", { channel: "sms", body: "x" }, contact, send("email"), { type: "failed", reason: "template channel sms cannot be sent on email" }, {}],
  ])("does not send %s", async (_, template, who, effect, outcome, patch) => {
    const report = await delivery().sendTemplate(effect, { ...template, ...patch }, who, vars);
    expect(report.outcome).toEqual(outcome);
    expect(sink.requests).toHaveLength(0);
  });

  it("pushes to every subscription and reports the dead one", async () => {
    const alive = subscriber();
    sink.respond((req) => (req.path === "/gone" ? { status: 410 } : { status: 201 }));
    const subs = [
      { endpoint: "https://fcm.googleapis.com/gone", keys: { p256dh: alive.p256dh, auth: alive.auth } },
      { endpoint: "https://updates.push.services.mozilla.com/alive", keys: { p256dh: alive.p256dh, auth: alive.auth } },
    ];
    const report = await delivery().sendTemplate(send("web_push"), { channel: "web_push", title: "Hi {{ user.first_name }}", body: "b" }, { ...contact, webPush: subs }, vars);
    expect(report.outcome).toMatchObject({ type: "sent", detail: "1 of 2 addresses" });
    expect(report.results.map((r) => r.outcome.type)).toEqual(["unreachable", "sent"]);
    const pushed = sink.requests.find((r) => r.path === "/alive");
    expect(JSON.parse(decryptWebPush(pushed?.body ?? Buffer.alloc(0), alive.privateKey, alive.authSecret).plaintext.toString())).toEqual({ type: "push", id: "r1:7", title: "Hi Ada", body: "b", user: { userId: "u1" } });
  });

  it("hands in-app messages and surveys to the browser sink", async () => {
    const d = delivery();
    await d.sendTemplate(send("in_app"), { channel: "in_app", layout: "modal", title: "Hi {{ user.first_name }}", body: "b" }, contact, vars);
    await d.sendTemplate(send("web_overlay", { kind: "survey" }), { channel: "survey", kind: "nps", question: "Recommend us, {{ user.first_name }}?" }, contact, vars);
    expect(browser).toEqual([
      { key: "r1:7", userId: "u1", channel: "in_app", kind: "message", content: { channel: "in_app", layout: "modal", title: "Hi Ada", body: "b" } },
      { key: "r1:7", userId: "u1", channel: "web_overlay", kind: "survey", content: { channel: "survey", kind: "nps", question: "Recommend us, Ada?" } },
    ]);
  });

  it("fails in-app sends when no browser sink was given", async () => {
    const report = await createDelivery({}).sendTemplate(send("in_app"), { channel: "in_app", layout: "modal", title: "t", body: "b" }, contact, vars);
    expect(report.outcome).toMatchObject({ type: "failed", reason: "in_app: no browser sink (the User DO delivers in-app messages)" });
  });

  it("renders and signs webhooks with the workspace secret", async () => {
    sink.respond(() => ({ status: 200 }));
    const outcome = await delivery().webhook({ key: "r1:8", url: `${sink.url}/hook/{{ user.id }}`, method: "POST", headers: { "x-sku": "{{ event.properties.sku }}" }, body: { name: "{{ user.first_name }}", n: 2 } }, vars);
    expect(outcome).toEqual({ type: "sent" });
    const req = sink.requests[0];
    expect([req?.path, req?.headers["x-sku"], req?.text]).toEqual(["/hook/u1", "L-1", '{"name":"Ada","n":2}']);
    expect(req?.headers["x-nudge-signature"]).toBe(`sha256=${createHmac("sha256", "whsec_0123456789abcdef").update(`${req?.headers["x-nudge-timestamp"]}.${req?.text}`).digest("hex")}`);
  });

  it("fails a webhook whose Liquid is broken", async () => {
    expect(await delivery().webhook({ key: "k", url: "https://h.test/{{ user.id", method: "POST", headers: {} }, vars)).toMatchObject({ type: "failed", reason: expect.stringMatching(/^webhook: url: /) });
  });

  it("renders fetch_data URLs and returns the JSON", async () => {
    sink.respond((req) => ({ status: 200, body: { path: req.path } }));
    expect(await delivery().fetchData({ key: "k", url: `${sink.url}/recs?sku={{ event.properties.sku | url_encode }}`, method: "GET", headers: {}, timeoutMs: 300 }, vars)).toEqual({ ok: true, data: { path: "/recs?sku=L-1" }, cached: false });
  });

  it("routes audience updates to the configured platform", async () => {
    sink.respond(() => ({ status: 200, body: { audience_id: "9", num_received: 1, num_invalid_entries: 0 } }));
    const d = delivery();
    expect(await d.audience({ key: "k", provider: "facebook", audience: "9", op: "add" }, [{ email: "ada@example.com" }])).toMatchObject({ type: "sent" });
    expect(await d.audience({ key: "k", provider: "google", audience: "9", op: "add" }, [{ email: "ada@example.com" }])).toEqual({ type: "failed", reason: "google: no audience settings" });
  });

  it("backs off by the outbox's attempt count (1 on the first try)", async () => {
    sink.respond(() => ({ status: 500, body: {} }));
    expect(await delivery().sendTemplate(send("email"), emailTemplate, contact, vars, { attempt: 1 })).toMatchObject({ outcome: { type: "retry", afterMs: 500 } });
    expect(await delivery().sendTemplate(send("email"), emailTemplate, contact, vars, { attempt: 3 })).toMatchObject({ outcome: { type: "retry", afterMs: 2000 } });
  });
});
