import { describe, expect, it } from "vitest";
import { parsePostmark, verifyPostmark } from "../../../worker/webhooks/postmark.ts";
import type { WebhookRequest } from "../../../worker/webhooks/types.ts";

const secrets = { username: "postmark-hooks", password: "s3cret-Pa55" };
/** What Postmark sends for https://postmark-hooks:s3cret-Pa55@nudge.example/v1/webhooks/postmark (RFC 7617 Basic). */
const basic = (user: string, pass: string) => `Basic ${Buffer.from(`${user}:${pass}`).toString("base64")}`;
const request = (headers: Record<string, string>, rawBody = "{}"): WebhookRequest => ({ method: "POST", url: "https://nudge.example/v1/webhooks/postmark", headers, rawBody });

describe("Postmark credentials", () => {
  it("accepts the Basic credentials configured on the webhook", async () => {
    expect(await verifyPostmark(request({ Authorization: basic("postmark-hooks", "s3cret-Pa55") }), secrets)).toEqual({ ok: true });
  });

  it.each([
    ["a wrong password", { authorization: basic("postmark-hooks", "guess") }, "do not match"],
    ["a wrong user", { authorization: basic("admin", "s3cret-Pa55") }, "do not match"],
    ["a Bearer token", { authorization: "Bearer s3cret-Pa55" }, "unsigned"],
    ["no credentials", {}, "unsigned"],
    ["garbage", { authorization: "Basic %%%" }, "do not match"],
  ])("rejects %s", async (_name, headers, reason) => {
    const result = await verifyPostmark(request(headers), secrets);
    expect(result.ok).toBe(false);
    expect(!result.ok && result.reason).toContain(reason);
  });
});

const metadata = { nudge_user: "user-42", nudge_key: "cart:7:3" };
const MID = "883953f4-6105-42a2-a16a-77a8eac79483";

describe("Postmark payloads", () => {
  it.each([
    {
      name: "Delivery",
      body: { RecordType: "Delivery", ServerID: 23, MessageStream: "outbound", MessageID: "883953f4-6105-42a2-a16a-77a8eac79483", Recipient: "ada@example.com", Tag: "cart", DeliveredAt: "2026-11-23T08:00:05Z", Details: "Test delivery webhook details", Metadata: metadata },
      signal: { providerMessageId: MID, type: "delivered", at: "2026-11-23T08:00:05Z", id: "postmark:Delivery:883953f4-6105-42a2-a16a-77a8eac79483:1795420805000", address: "ada@example.com" },
    },
    {
      name: "Open",
      body: { RecordType: "Open", MessageStream: "outbound", Metadata: metadata, FirstOpen: true, Recipient: "ada@example.com", MessageID: "883953f4-6105-42a2-a16a-77a8eac79483", ReceivedAt: "2026-11-23T08:10:00Z", Platform: "WebMail", ReadSeconds: 5, Tag: "cart", UserAgent: "Mozilla/5.0", OS: { Name: "OS X 10.7 Lion", Family: "OS X" }, Client: { Name: "Chrome 35.0.1916.153", Family: "Chrome" }, Geo: { CountryISOCode: "FR", City: "Paris" } },
      signal: { providerMessageId: MID, type: "opened", at: "2026-11-23T08:10:00Z", id: "postmark:Open:883953f4-6105-42a2-a16a-77a8eac79483:1795421400000", address: "ada@example.com" },
    },
    {
      name: "Click",
      body: { RecordType: "Click", MessageStream: "outbound", ClickLocation: "HTML", Platform: "Desktop", UserAgent: "Mozilla/5.0", OriginalLink: "https://shop.example/cart", MessageID: "883953f4-6105-42a2-a16a-77a8eac79483", Metadata: metadata, ReceivedAt: "2026-11-23T08:11:00Z", Tag: "cart", Recipient: "ada@example.com" },
      signal: { providerMessageId: MID, type: "clicked", at: "2026-11-23T08:11:00Z", id: "postmark:Click:883953f4-6105-42a2-a16a-77a8eac79483:1795421460000", address: "ada@example.com", url: "https://shop.example/cart" },
    },
    {
      name: "Bounce (hard)",
      body: { RecordType: "Bounce", ID: 4323372036854775807, Type: "HardBounce", TypeCode: 1, Name: "Hard bounce", Tag: "cart", MessageID: "883953f4-6105-42a2-a16a-77a8eac79483", Metadata: metadata, ServerID: 23, MessageStream: "outbound", Description: "The server was unable to deliver your message (ex: unknown user, mailbox not found).", Details: "smtp;550 5.1.1 unknown user", Email: "gone@example.com", From: "hello@shop.example", BouncedAt: "2026-11-23T08:00:06Z", DumpAvailable: true, Inactive: true, CanActivate: true, Subject: "Your cart" },
      signal: { providerMessageId: MID, type: "bounced", at: "2026-11-23T08:00:06Z", id: "postmark:Bounce:4323372036854776000:1795420806000", address: "gone@example.com", permanent: true, reason: "Hard bounce: The server was unable to deliver your message (ex: unknown user, mailbox not found)." },
    },
    {
      name: "Bounce (soft, mailbox full)",
      body: { RecordType: "Bounce", ID: 43, Type: "SoftBounce", TypeCode: 4096, Name: "Soft bounce", MessageID: "m-2", Metadata: metadata, Description: "Mailbox full", Email: "full@example.com", BouncedAt: "2026-11-23T08:00:07Z", Inactive: false },
      signal: { type: "bounced", at: "2026-11-23T08:00:07Z", id: "postmark:Bounce:43:1795420807000", address: "full@example.com", permanent: false, reason: "Soft bounce: Mailbox full", providerMessageId: "m-2" },
    },
    {
      name: "SpamComplaint",
      body: { RecordType: "SpamComplaint", ID: 44, Type: "SpamComplaint", TypeCode: 512, Name: "Spam complaint", MessageID: "883953f4-6105-42a2-a16a-77a8eac79483", Metadata: metadata, Email: "ada@example.com", BouncedAt: "2026-11-23T09:00:00Z", Inactive: true },
      signal: { providerMessageId: MID, type: "complained", at: "2026-11-23T09:00:00Z", id: "postmark:SpamComplaint:44:1795424400000", address: "ada@example.com" },
    },
    {
      name: "SubscriptionChange (unsubscribed from the link)",
      body: { RecordType: "SubscriptionChange", MessageID: "883953f4-6105-42a2-a16a-77a8eac79483", ServerID: 23, MessageStream: "broadcast", ChangedAt: "2026-11-23T09:30:00Z", Recipient: "ada@example.com", Origin: "Recipient", SuppressSending: true, SuppressionReason: "ManualSuppression", Tag: "cart", Metadata: metadata },
      signal: { providerMessageId: MID, type: "unsubscribed", at: "2026-11-23T09:30:00Z", id: "postmark:SubscriptionChange:883953f4-6105-42a2-a16a-77a8eac79483:1795426200000", address: "ada@example.com" },
    },
    {
      name: "SubscriptionChange (reactivated)",
      body: { RecordType: "SubscriptionChange", MessageID: "883953f4-6105-42a2-a16a-77a8eac79483", ChangedAt: "2026-11-24T09:30:00Z", Recipient: "ada@example.com", Origin: "Customer", SuppressSending: false, SuppressionReason: null, Metadata: metadata },
      signal: { providerMessageId: MID, type: "resubscribed", at: "2026-11-24T09:30:00Z", id: "postmark:SubscriptionChange:883953f4-6105-42a2-a16a-77a8eac79483:1795512600000", address: "ada@example.com" },
    },
  ])("$name", ({ body, signal }) => {
    const { at, ...rest } = signal;
    expect(parsePostmark(JSON.stringify(body))).toEqual({
      ok: true,
      ignored: [],
      signals: [{
        channel: "email", source: "postmark", at: Date.parse(at),
        userId: "user-42", messageKey: "cart:7:3",
        ...rest,
      }],
    });
  });

  it("ignores inbound mail and rejects what is not a record", () => {
    expect(parsePostmark(JSON.stringify({ RecordType: "Inbound", From: "x@y.z" }))).toEqual({ ok: true, signals: [], ignored: ["Inbound: not an engagement signal"] });
    expect(parsePostmark("[]")).toEqual({ ok: false, reason: "expected a JSON object with RecordType" });
    expect(parsePostmark(JSON.stringify({ RecordType: "Open", MessageID: "m" }))).toEqual({ ok: false, reason: "ReceivedAt is not a date" });
  });
});
