/** Segment calls → ingest items: ids, generated messageIds, and clock-skew correction with sentAt. */
import { describe, expect, it } from "vitest";
import { correctedTimestamp, normalizeCall } from "../../../worker/http/ingest/normalize-call.ts";

const received = Date.parse("2026-03-01T12:00:00.000Z");
const ctx = { receivedAt: received, newId: () => "generated-1" };

describe("correctedTimestamp (Segment's skew correction)", () => {
  it.each([
    ["no timestamp: when it arrived", undefined, undefined, received],
    ["timestamp without sentAt: trusted as is", "2026-03-01T11:00:00.000Z", undefined, Date.parse("2026-03-01T11:00:00.000Z")],
    // The sender's clock is 1 h slow: it says it sent at 11:00:00 what happened at 10:59:55.
    ["slow sender clock", "2026-03-01T10:59:55.000Z", "2026-03-01T11:00:00.000Z", Date.parse("2026-03-01T11:59:55.000Z")],
    // The sender's clock is 10 min fast.
    ["fast sender clock", "2026-03-01T12:09:58.000Z", "2026-03-01T12:10:00.000Z", Date.parse("2026-03-01T11:59:58.000Z")],
    ["offset notation", "2026-03-01T12:59:55+01:00", "2026-03-01T13:00:00+01:00", Date.parse("2026-03-01T11:59:55.000Z")],
    ["no offset means UTC", "2026-03-01T11:00:00", undefined, Date.parse("2026-03-01T11:00:00.000Z")],
  ])("%s", (_, timestamp, sentAt, expected) => {
    expect(correctedTimestamp(timestamp, sentAt, received)).toBe(expected);
  });
});

describe("normalizeCall", () => {
  it("turns a track call into an item with string ids and the corrected time", () => {
    const item = normalizeCall(
      { type: "track", call: { userId: 42, event: "Added To Cart", properties: { sku: "A1" }, timestamp: "2026-03-01T10:59:55.000Z", sentAt: "2026-03-01T11:00:00.000Z" } },
      ctx,
    );
    expect(item).toEqual({ type: "track", messageId: "generated-1", userId: "42", event: "Added To Cart", properties: { sku: "A1" }, timestamp: Date.parse("2026-03-01T11:59:55.000Z") });
  });

  it("takes the batch's sentAt and merges the batch context under the item's", () => {
    const item = normalizeCall(
      { type: "identify", call: { messageId: "m1", anonymousId: "a1", traits: { plan: "pro" }, timestamp: "2026-03-01T11:59:00.000Z", context: { locale: "fr-FR" } } },
      { ...ctx, sentAt: "2026-03-01T12:00:00.000Z", context: { locale: "en-US", timezone: "Europe/Paris" } },
    );
    expect(item).toEqual({
      type: "identify",
      messageId: "m1",
      anonymousId: "a1",
      traits: { plan: "pro" },
      timestamp: Date.parse("2026-03-01T11:59:00.000Z"),
      context: { locale: "fr-FR", timezone: "Europe/Paris" },
    });
  });

  it("keeps a page's name and category as properties", () => {
    const item = normalizeCall({ type: "page", call: { messageId: "p1", userId: "u", name: "Pricing", category: "Docs", properties: { path: "/pricing" } } }, ctx);
    expect(item).toMatchObject({ type: "page", name: "Pricing", properties: { path: "/pricing", name: "Pricing", category: "Docs" } });
  });

  it("sends an alias as an identify carrying both ids (the identity merge)", () => {
    const item = normalizeCall({ type: "alias", call: { messageId: "a1", userId: "u-7", previousId: "anon-3" } }, ctx);
    expect(item).toEqual({ type: "identify", messageId: "a1", userId: "u-7", anonymousId: "anon-3", traits: {}, timestamp: received });
  });
});
