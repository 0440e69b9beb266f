import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { sendWhatsapp } from "../../../worker/channels/whatsapp.ts";
import { runtime } from "../../../worker/channels/types.ts";
import { parseWhatsapp } from "../../../worker/webhooks/whatsapp.ts";
import { classifiesLikeEveryProvider } from "./helpers/error-matrix.ts";
import { fixedDeps, startSink, type Sink } from "./helpers/sink.ts";

const to = { channel: "whatsapp" as const, phone: "+16505551234" };
const settings = (baseUrl: string) => ({ provider: "meta" as const, accessToken: "EAAG-token", phoneNumberId: "106540352242922", apiVersion: "25.0", baseUrl });
const session = { channel: "whatsapp" as const, body: "Hi Ada, see what's new" };

describe("whatsapp (Meta Cloud API)", () => {
  let sink: Sink;
  beforeAll(async () => {
    sink = await startSink();
  });
  afterAll(() => sink.close());

  it("POSTs a template message with body parameters to /v{ver}/{phone-number-id}/messages", async () => {
    sink.respond(() => ({ status: 200, body: { messaging_product: "whatsapp", contacts: [{ input: "+16505551234", wa_id: "16505551234" }], messages: [{ id: "wamid.HBgLMTY1MDU1NTEyMzQVAgARGBI5QTNDQTVCM0Q0Q0Q2RTY3RTcA" }] } }));
    const message = { channel: "whatsapp" as const, template: { name: "order_update", language: "en_US", parameters: ["Ada", "o-9"] } };
    const outcome = await sendWhatsapp(settings(sink.url), message, to, { key: "run-1:4", attempt: 0 }, runtime(fixedDeps));
    expect(outcome).toEqual({ type: "sent", providerId: "wamid.HBgLMTY1MDU1NTEyMzQVAgARGBI5QTNDQTVCM0Q0Q0Q2RTY3RTcA" });
    const req = sink.requests.at(-1);
    expect([req?.method, req?.path]).toEqual(["POST", "/v25.0/106540352242922/messages"]);
    expect(req?.headers.authorization).toBe("Bearer EAAG-token");
    expect(req?.headers["content-type"]).toBe("application/json");
    expect(JSON.parse(req?.text ?? "")).toEqual({
      messaging_product: "whatsapp",
      recipient_type: "individual",
      to: "+16505551234",
      biz_opaque_callback_data: "run-1:4",
      type: "template",
      template: {
        name: "order_update",
        language: { code: "en_US" },
        components: [{ type: "body", parameters: [{ type: "text", text: "Ada" }, { type: "text", text: "o-9" }] }],
      },
    });
  });

  it("carries the delivery key as is in biz_opaque_callback_data, and Meta's status callback gives it back", async () => {
    sink.respond(() => ({ status: 200, body: { messages: [{ id: "wamid.y" }] } }));
    const key = `${"0a1b2c3d".repeat(8)}.mgbq4kz0.churn:2:6`;
    await sendWhatsapp(settings(sink.url), session, to, { key, attempt: 0, userId: "user-42" }, runtime(fixedDeps));
    const opaque: unknown = JSON.parse(sink.requests.at(-1)?.text ?? "").biz_opaque_callback_data;
    expect(opaque).toBe(key);
    const status = { id: "wamid.y", status: "read", timestamp: "1795422600", recipient_id: "16505551234", biz_opaque_callback_data: opaque };
    const parsed = parseWhatsapp(JSON.stringify({ object: "whatsapp_business_account", entry: [{ id: "1", changes: [{ field: "messages", value: { statuses: [status] } }] }] }));
    expect(parsed.ok && parsed.signals.map((s) => [s.type, s.messageKey])).toEqual([["read", key]]);
  });

  it("sends a session message as type text", async () => {
    sink.respond(() => ({ status: 200, body: { messages: [{ id: "wamid.x" }] } }));
    await sendWhatsapp(settings(sink.url), session, to, { key: "k", attempt: 0 }, runtime(fixedDeps));
    expect(JSON.parse(sink.requests.at(-1)?.text ?? "")).toMatchObject({ type: "text", text: { preview_url: false, body: "Hi Ada, see what's new" } });
  });

  it.each([
    [400, 131026, "unreachable"],
    [400, 131047, "failed"],
    [400, 130429, "retry"],
  ])("classifies HTTP %i with Meta error code %i as %s", async (status, code, type) => {
    sink.respond(() => ({ status, body: { error: { message: "(#x) meta says", type: "OAuthException", code, fbtrace_id: "Az" } } }));
    const outcome = await sendWhatsapp(settings(sink.url), session, to, { key: "k", attempt: 0 }, runtime(fixedDeps));
    expect(outcome.type).toBe(type);
    expect(outcome.type !== "sent" && outcome.reason).toContain(`(#x) meta says (code ${code})`);
  });
});

classifiesLikeEveryProvider(
  "whatsapp",
  (baseUrl, rt, attempt) => sendWhatsapp(settings(baseUrl), session, to, { key: "k", attempt }, rt),
  (message) => ({ error: { message, type: "OAuthException", code: 100, fbtrace_id: "Az" } }),
);
