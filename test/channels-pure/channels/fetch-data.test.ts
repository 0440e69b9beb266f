import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { FetchDataCache, fetchData } from "../../../worker/channels/fetch-data.ts";
import { runtime } from "../../../worker/channels/types.ts";
import { fixedDeps, startSink, type Sink } from "./helpers/sink.ts";

describe("fetch_data", () => {
  let sink: Sink;
  let now = fixedDeps.now();
  const waits: number[] = [];
  const rt = runtime({ ...fixedDeps, now: () => now, sleep: async (ms) => void waits.push(ms) });
  const call = (path: string, extra: Partial<Parameters<typeof fetchData>[0]> = {}) => ({ url: `${sink.url}${path}`, method: "GET", headers: {}, timeoutMs: 300, ...extra });
  beforeAll(async () => {
    sink = await startSink();
  });
  afterAll(() => sink.close());
  beforeEach(() => {
    sink.requests.length = 0;
    waits.length = 0;
  });

  it("returns the JSON answer and reuses a GET for the same URL within the TTL", async () => {
    sink.respond((req) => ({ status: 200, body: { products: [{ name: "Shade" }], path: req.path } }));
    const cache = new FetchDataCache();
    expect(await fetchData(call("/recs?u=1"), {}, cache, rt)).toEqual({ ok: true, data: { products: [{ name: "Shade" }], path: "/recs?u=1" }, cached: false });
    expect(sink.requests[0]?.headers.accept).toBe("application/json");
    now += 59_000;
    expect(await fetchData(call("/recs?u=1"), {}, cache, rt)).toMatchObject({ ok: true, cached: true });
    expect(await fetchData(call("/recs?u=2"), {}, cache, rt)).toMatchObject({ ok: true, cached: false });
    expect(await fetchData(call("/recs?u=1", { headers: { authorization: "Bearer other" } }), {}, cache, rt)).toMatchObject({ cached: false });
    now += 2_000;
    expect(await fetchData(call("/recs?u=1"), {}, cache, rt)).toMatchObject({ ok: true, cached: false });
    expect(sink.requests).toHaveLength(4);
  });

  it("never caches a POST, and sends its JSON body", async () => {
    sink.respond((req) => ({ status: 200, body: { echo: JSON.parse(req.text) } }));
    const cache = new FetchDataCache();
    const post = call("/score", { method: "POST", body: { user: "u1" } });
    expect(await fetchData(post, {}, cache, rt)).toEqual({ ok: true, data: { echo: { user: "u1" } }, cached: false });
    await fetchData(post, {}, cache, rt);
    expect(sink.requests).toHaveLength(2);
    expect(sink.requests[0]?.headers["content-type"]).toBe("application/json");
  });

  it("retries a 503 in line with short waits, then succeeds", async () => {
    let n = 0;
    sink.respond(() => (++n < 3 ? { status: 503, body: "busy" } : { status: 200, body: [1, 2] }));
    expect(await fetchData(call("/flaky"), { cacheTtlMs: 0 }, new FetchDataCache(), rt)).toEqual({ ok: true, data: [1, 2], cached: false });
    expect(waits).toEqual([125, 250]);
  });

  it("gives up after the retries with the reason, so on_error applies", async () => {
    sink.respond(() => ({ status: 200, body: {}, delayMs: 1000 }));
    const result = await fetchData(call("/slow"), { retries: 1 }, new FetchDataCache(), rt);
    expect(result).toMatchObject({ ok: false, error: "fetch_data timeout after 300 ms", outcome: { type: "retry" } });
    expect(sink.requests).toHaveLength(2);
  });

  it.each([
    ["a 404", { status: 404, body: "missing" }, "fetch_data 404: missing", "failed"],
    ["a 401", { status: 401, body: "who?" }, "credentials: fetch_data 401: who?", "failed"],
    ["a body that is not JSON", { status: 200, body: "<html>" }, "fetch_data: response is not JSON", "failed"],
    ["a long Retry-After", { status: 429, headers: { "retry-after": "60" }, body: "" }, "fetch_data 429", "retry"],
  ])("does not retry %s", async (_, reply, error, type) => {
    sink.respond(() => reply);
    const result = await fetchData(call("/x"), {}, new FetchDataCache(), rt);
    expect(result).toMatchObject({ ok: false, error, outcome: { type } });
    expect(sink.requests).toHaveLength(1);
  });

  it("refuses an answer too large to store in the run", async () => {
    sink.respond(() => ({ status: 200, body: JSON.stringify("x".repeat(300_000)) }));
    expect(await fetchData(call("/big"), {}, new FetchDataCache(), rt)).toMatchObject({ ok: false, error: "fetch_data: response is larger than 262144 characters" });
  });

  it("refuses a URL that is not http(s) without fetching", async () => {
    expect(await fetchData({ url: "ftp://x", method: "GET", headers: {}, timeoutMs: 300 }, {}, new FetchDataCache(), rt)).toMatchObject({ ok: false, error: "fetch_data: url must be http(s), not ftp:" });
  });
});
