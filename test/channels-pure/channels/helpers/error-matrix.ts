/**
 * The answers every provider adapter must classify the same way (team brief: 2xx sent, 400/422
 * failed with the provider's message, 401/403 "credentials", 429 retry honouring Retry-After in
 * both forms, 5xx/timeouts/network errors retry with backoff), run against a local sink.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { DeliveryOutcome } from "../../../../worker/delivery/outcome.ts";
import { runtime, type Runtime } from "../../../../worker/channels/types.ts";
import { fixedDeps, startSink, type Sink } from "./sink.ts";

export type SendTo = (baseUrl: string, rt: Runtime, attempt: number) => Promise<DeliveryOutcome>;

/** Defines the shared classification tests for one adapter; `errorBody` is the provider's error JSON carrying `message`. */
export function classifiesLikeEveryProvider(provider: string, sendTo: SendTo, errorBody: (message: string) => object): void {
  describe(`${provider}: classifying answers`, () => {
    let sink: Sink;
    beforeAll(async () => {
      sink = await startSink();
    });
    afterAll(() => sink.close());
    const rt = runtime(fixedDeps);
    const in30s = new Date(fixedDeps.now() + 30_000).toUTCString();

    it.each([
      [400, {}, { type: "failed", reason: `${provider} 400: ` }, "the message"],
      [422, {}, { type: "failed", reason: `${provider} 422: ` }, "the message"],
      [401, {}, { type: "failed", reason: "credentials: " }, ""],
      [403, {}, { type: "failed", reason: "credentials: " }, ""],
      [429, { "retry-after": "7" }, { type: "retry", afterMs: 7000 }, ""],
      [429, { "retry-after": in30s }, { type: "retry", afterMs: 30_000 }, ""],
      [429, {}, { type: "retry", afterMs: 500 }, ""],
      [500, {}, { type: "retry", afterMs: 500 }, ""],
      [503, { "retry-after": "120" }, { type: "retry", afterMs: 120_000 }, ""],
    ])("%i %j → %j", async (status, headers, expected, mustMention) => {
      sink.respond(() => ({ status, headers, body: errorBody("the message") }));
      const outcome = await sendTo(sink.url, rt, 0);
      expect(outcome.type).toBe(expected.type);
      if ("afterMs" in expected) expect(outcome).toMatchObject({ afterMs: expected.afterMs });
      if ("reason" in expected && outcome.type !== "sent") {
        expect(outcome.reason.startsWith(expected.reason)).toBe(true);
        expect(outcome.reason).toContain(mustMention);
      }
    });

    it("backs off longer on later attempts of a 5xx", async () => {
      sink.respond(() => ({ status: 502, body: errorBody("bad gateway") }));
      expect(await sendTo(sink.url, rt, 3)).toMatchObject({ type: "retry", afterMs: 4000 });
    });

    it("retries when the provider does not answer in time", async () => {
      sink.respond(() => ({ status: 200, body: {}, delayMs: 2500 }));
      const outcome = await sendTo(sink.url, rt, 0);
      expect(outcome).toMatchObject({ type: "retry", afterMs: 500 });
      expect(outcome.type === "retry" && outcome.reason).toContain("timeout after 1000 ms");
    });

    it("retries on a network error", async () => {
      const closed = await startSink();
      await closed.close();
      const outcome = await sendTo(closed.url, rt, 0);
      expect(outcome.type).toBe("retry");
      expect(outcome.type === "retry" && outcome.reason).toContain("network error");
    });
  });
}
