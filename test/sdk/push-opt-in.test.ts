import { beforeAll, beforeEach, expect, test, vi } from "vitest";
import { optIn } from "../../sdk/push/index.ts";
import { isIosBrowserTab } from "../../sdk/push/platform.ts";
import { fromBase64Url } from "../../sdk/push/subscription.ts";
import { stubHost, type StubHost } from "./helpers/stub-host.ts";

let host: StubHost;
const requestPermission = vi.fn<() => Promise<NotificationPermission>>();
const root = () => document.querySelector("nudge-overlay")?.shadowRoot;
const flush = async () => {
  for (let i = 0; i < 5; i++) await new Promise((r) => setTimeout(r, 0));
};

function browser(permission: NotificationPermission, push = true) {
  vi.stubGlobal("Notification", { permission, requestPermission });
  Object.defineProperty(navigator, "serviceWorker", { configurable: true, value: {} });
  if (push) vi.stubGlobal("PushManager", function PushManager() {});
  else Reflect.deleteProperty(window, "PushManager");
}

beforeAll(() => import("../../overlays/index.ts"));
beforeEach(() => {
  vi.unstubAllGlobals();
  requestPermission.mockReset();
  document.body.innerHTML = "";
  host = stubHost();
});

test("no PushManager: unsupported, and nothing is asked", async () => {
  browser("default", false);
  expect(await optIn(host)).toBe("unsupported");
  expect(requestPermission).not.toHaveBeenCalled();
  expect(host.tracked).toEqual([{ event: "Push Permission Unsupported", properties: { result: "unsupported" } }]);
});

test("refused earlier: blocked, without any prompt", async () => {
  browser("denied");
  expect(await optIn(host)).toBe("blocked");
  expect(root()).toBeUndefined();
});

test("the soft prompt comes first; 'Not now' means dismissed and the browser is never asked", async () => {
  browser("default");
  const result = optIn(host);
  await flush();
  expect(root()?.querySelector(".card")?.getAttribute("role")).toBe("alertdialog");
  root()?.querySelector<HTMLElement>("#btn-later")?.click();
  expect(await result).toBe("dismissed");
  expect(requestPermission).not.toHaveBeenCalled();
  expect(document.querySelector("nudge-overlay")).toBeNull();
});

test.each<[NotificationPermission, string]>([
  ["denied", "denied"],
  ["default", "dismissed"],
])("'Allow' opens the browser prompt; its answer %s → %s", async (answer, result) => {
  browser("default");
  requestPermission.mockResolvedValue(answer);
  const r = optIn(host);
  await flush();
  root()?.querySelector<HTMLElement>("#btn-allow")?.click();
  expect(await r).toBe(result);
  expect(requestPermission).toHaveBeenCalledTimes(1);
  expect(host.tracked.map((t) => t.event)).toEqual([answer == "denied" ? "Push Permission Denied" : "Push Permission Dismissed"]);
});

test("softPrompt: false goes straight to the browser prompt", async () => {
  browser("default");
  requestPermission.mockResolvedValue("denied");
  expect(await optIn(host, { softPrompt: false })).toBe("denied");
  expect(root()).toBeUndefined();
});

test.each([
  ["iPhone Safari tab", "Mozilla/5.0 (iPhone; CPU iPhone OS 17_4 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.4 Mobile/15E148 Safari/604.1", 5, true],
  ["iPad (desktop UA, touch)", "Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.4 Safari/605.1.15", 5, true],
  ["Mac Safari", "Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.4 Safari/605.1.15", 0, false],
  ["Android Chrome", "Mozilla/5.0 (Linux; Android 14) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/126.0 Mobile Safari/537.36", 5, false],
])("%s: iOS browser tab = %s", (_, ua, touch, ios) => {
  vi.spyOn(navigator, "userAgent", "get").mockReturnValue(ua);
  vi.spyOn(navigator, "maxTouchPoints", "get").mockReturnValue(touch);
  expect(isIosBrowserTab()).toBe(ios);
  vi.restoreAllMocks();
});

test("iOS Safari outside a home-screen app is unsupported", async () => {
  browser("default");
  vi.spyOn(navigator, "userAgent", "get").mockReturnValue("Mozilla/5.0 (iPhone; CPU iPhone OS 17_4 like Mac OS X) Safari/604.1");
  expect(await optIn(host)).toBe("unsupported");
  vi.restoreAllMocks();
});

test("VAPID keys decode from base64url", () => {
  expect([...fromBase64Url("AQID_-8")]).toEqual([1, 2, 3, 255, 239]);
});
