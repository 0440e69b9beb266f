import { describe, expect, test } from "vitest";
import { clickTarget, notificationOptions, parsePayload } from "../../sdk/sw/notification.ts";
import type { PushPayload } from "../../sdk/protocol.ts";

const payload: PushPayload = {
  type: "push",
  id: "msg-9",
  title: "Back in stock",
  body: "The tee you liked is back",
  url: "/products/tee-42",
  icon: "/icon.png",
  actions: [
    { action: "buy", title: "Buy now", url: "https://shop.example/checkout?sku=tee-42" },
    { action: "later", title: "Later" },
    { action: "evil", title: "Evil", url: "javascript:alert(1)" },
  ],
  user: { userId: "u_1" },
};

describe("parsePayload", () => {
  test.each([
    ["a Nudge payload", payload, true],
    ["another service's payload", { title: "Hi", body: "x" }, false],
    ["no id", { type: "push", title: "Hi" }, false],
    ["a string", "hello", false],
    ["null", null, false],
  ])("%s → %s", (_, raw, ok) => {
    expect(parsePayload(raw) !== undefined).toBe(ok);
  });
});

test("notification options carry body, icon, actions and the payload for the click", () => {
  expect(notificationOptions(payload)).toEqual({
    body: "The tee you liked is back",
    icon: "/icon.png",
    image: undefined,
    badge: undefined,
    tag: undefined,
    requireInteraction: undefined,
    actions: [
      { action: "buy", title: "Buy now" },
      { action: "later", title: "Later" },
      { action: "evil", title: "Evil" },
    ],
    data: { nudge: payload },
  });
});

describe("clickTarget", () => {
  test.each([
    ["a body click opens the payload URL", "", "https://shop.example/products/tee-42"],
    ["a button with its own URL opens it", "buy", "https://shop.example/checkout?sku=tee-42"],
    ["a button without a URL falls back to the payload URL", "later", "https://shop.example/products/tee-42"],
    ["a javascript: URL is never opened", "evil", null],
  ])("%s", (_, action, url) => {
    expect(clickTarget(payload, action, "https://shop.example")).toBe(url);
  });

  test("no URL anywhere: nothing to open", () => {
    expect(clickTarget({ type: "push", id: "x", title: "t" }, "", "https://shop.example")).toBeNull();
  });
});
