/** POST /v1/batch: per-item results, one bad item never drops the others, Segment's size limits. */
import { describe, expect, it } from "vitest";
import { admin, send } from "./api.ts";

interface BatchBody {
  success: boolean;
  accepted: number;
  duplicate: number;
  rejected: number;
  failed: number;
  results: { index: number; messageId: string | null; status: string; error?: { code: string; path: string; message: string } }[];
}
type Profile = { traits: Record<string, unknown> };

describe("POST /v1/batch", () => {
  it("reports every item and keeps the good ones when one is bad", async () => {
    const res = await send<BatchBody>("/batch", {
      batch: [
        { type: "identify", userId: "b-u1", traits: { plan: "pro" }, messageId: "b1" },
        { type: "track", userId: "b-u1", messageId: "b2" },
        { type: "track", userId: "b-u2", event: "Clicked", messageId: "b3" },
        { type: "screen", userId: "b-u2", messageId: "b4" },
        "not an object",
        { type: "page", anonymousId: "b-anon", messageId: "b5" },
      ],
    });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ success: true, accepted: 3, rejected: 3, failed: 0 });
    expect(res.body.results.map((r) => [r.index, r.messageId, r.status, r.error?.path])).toEqual([
      [0, "b1", "accepted", undefined],
      [1, "b2", "rejected", "batch[1].event"],
      [2, "b3", "accepted", undefined],
      [3, "b4", "rejected", "batch[3].type"],
      [4, null, "rejected", "batch[4]"],
      [5, "b5", "accepted", undefined],
    ]);
    const profile = await admin<Profile>("GET", "/users/b-u1");
    expect(profile.body.traits).toEqual({ plan: "pro" });
  });

  it("applies items to each user in order (identify then track see the same profile)", async () => {
    const res = await send<BatchBody>("/batch", {
      batch: [
        { type: "identify", userId: "b-order", traits: { step: 1 } },
        { type: "identify", userId: "b-other", traits: { step: 9 } },
        { type: "identify", userId: "b-order", traits: { step: 2 } },
      ],
    });
    expect(res.body.accepted).toBe(3);
    expect((await admin<Profile>("GET", "/users/b-order")).body.traits).toEqual({ step: 2 });
    expect((await admin<Profile>("GET", "/users/b-other")).body.traits).toEqual({ step: 9 });
  });

  it("reports a repeated messageId as duplicate, within a batch and across requests", async () => {
    const item = { type: "track", userId: "b-dup", event: "Clicked", messageId: "b-dup-1" };
    const first = await send<BatchBody>("/batch", { batch: [item, item] });
    expect(first.body.results.map((r) => r.status)).toEqual(["accepted", "duplicate"]);
    const again = await send<BatchBody>("/batch", { batch: [item] });
    expect(again.body).toMatchObject({ accepted: 0, duplicate: 1 });
  });

  it("rejects only the item over 32 KB", async () => {
    const res = await send<BatchBody>("/batch", {
      batch: [
        { type: "track", userId: "b-big", event: "Big", properties: { blob: "x".repeat(33 * 1024) } },
        { type: "track", userId: "b-big", event: "Small" },
      ],
    });
    expect(res.status).toBe(200);
    expect(res.body.results.map((r) => [r.status, r.error?.code])).toEqual([
      ["rejected", "payload_too_large"],
      ["accepted", undefined],
    ]);
  });

  it("refuses a batch over 500 KB with 413", async () => {
    const item = { type: "track", userId: "b-huge", event: "E", properties: { blob: "x".repeat(20 * 1024) } };
    const res = await send<{ error: { code: string } }>("/batch", { batch: Array.from({ length: 26 }, () => item) });
    expect(res.status).toBe(413);
    expect(res.body.error.code).toBe("payload_too_large");
  });

  it.each([
    ["no batch array", { events: [] }, "batch"],
    ["an empty batch", { batch: [] }, "batch"],
    ["a batch that is not an array", { batch: { type: "track" } }, "batch"],
  ])("answers %s with 400 naming the field", async (_, body, path) => {
    const res = await send<{ error: { code: string; path: string } }>("/batch", body);
    expect(res.status).toBe(400);
    expect(res.body.error).toMatchObject({ code: "invalid_request", path });
  });

  it("merges the batch context into items and takes the write key from the body", async () => {
    const res = await send<BatchBody>("/batch", {
      writeKey: "wk_dev",
      context: { timezone: "Europe/Paris" },
      batch: [{ type: "identify", userId: "b-ctx", traits: { a: 1 } }],
    });
    expect(res.body.accepted).toBe(1);
    const profile = await admin<{ timeZone: string | null }>("GET", "/users/b-ctx");
    expect(profile.body.timeZone).toBe("Europe/Paris");
  });
});
