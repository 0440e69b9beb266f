/** A fetch stub that records what the SDK sends (to /v1/batch and elsewhere). */
import { vi } from "vitest";
import type { BatchBody, NudgeEvent } from "../../../sdk/protocol.ts";

export interface Recorded {
  url: URL;
  method: string;
  keepalive: boolean;
  /** The raw body (JSON text) or "" for a GET. */
  raw: string;
}

export interface FakeApi {
  requests: Recorded[];
  /** Every event that reached /v1/batch, in order. */
  events(): NudgeEvent[];
  /** Parsed bodies of the requests to `path`. */
  bodies<T>(path: string): T[];
}

/** Replaces global fetch and navigator.sendBeacon (never restored: late timers must not reach the network). */
export function fakeApi(answer: (r: Recorded) => Response | undefined = () => undefined): FakeApi {
  const requests: Recorded[] = [];
  vi.stubGlobal(
    "fetch",
    vi.fn(async (input: string | URL, init: RequestInit = {}) => {
      const r = { url: new URL(String(input)), method: init.method ?? "GET", keepalive: !!init.keepalive, raw: String(init.body ?? "") };
      requests.push(r);
      return answer(r) ?? new Response("{}", { status: 200, headers: { "content-type": "application/json" } });
    }),
  );
  vi.spyOn(navigator, "sendBeacon").mockImplementation((url: string | URL, body?: BodyInit | null) => {
    requests.push({ url: new URL(String(url)), method: "BEACON", keepalive: true, raw: String(body ?? "") });
    return true;
  });
  const bodies = <T,>(path: string): T[] => requests.filter((r) => r.url.pathname == path).map((r): T => JSON.parse(r.raw));
  return { requests, bodies, events: () => bodies<BatchBody>("/v1/batch").flatMap((b) => b.batch) };
}
