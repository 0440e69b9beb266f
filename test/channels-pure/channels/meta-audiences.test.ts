import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { metaAudienceRequests, updateMetaAudience } from "../../../worker/channels/meta-audiences.ts";
import { runtime } from "../../../worker/channels/types.ts";
import { classifiesLikeEveryProvider } from "./helpers/error-matrix.ts";
import { fixedDeps, startSink, type Sink } from "./helpers/sink.ts";

const EMAIL = "973dfe463ec85785f5f95af5ba3906eedb2d931c24e69824a89ea65dba4e813b"; // test@example.com
const PHONE = "5e7ec4c79ccac6e420876e65ad0e6b4b2ccf73ec3dccb50297bf2890a1ec73b9"; // 14155550100
const settings = (baseUrl: string) => ({ accessToken: "EAAB-token", apiVersion: "v25.0", baseUrl });

describe("Meta Custom Audiences", () => {
  let sink: Sink;
  beforeAll(async () => {
    sink = await startSink();
  });
  afterAll(() => sink.close());
  beforeEach(() => {
    sink.requests.length = 0;
  });

  it("POSTs /v25.0/{audience}/users with payload { schema: [EMAIL, PHONE], data: hashed rows }", async () => {
    sink.respond(() => ({ status: 200, body: { audience_id: "23842", session_id: "9778993", num_received: 2, num_invalid_entries: 0, invalid_entry_samples: {} } }));
    const people = [{ email: " Test@Example.com", phone: "+1 415 555 0100" }, { email: "test@example.com" }, { phone: "n/a" }];
    const outcome = await updateMetaAudience(settings(sink.url), "23842", "add", people, { key: "run-1:4", attempt: 0 }, runtime(fixedDeps));
    expect(outcome).toEqual({ type: "sent", providerId: "23842", detail: "received 2, invalid 0" });
    const req = sink.requests[0];
    expect([req?.method, req?.path]).toEqual(["POST", "/v25.0/23842/users"]);
    expect(req?.headers.authorization).toBe("Bearer EAAB-token");
    expect(req?.headers["content-type"]).toBe("application/x-www-form-urlencoded");
    const form = new URLSearchParams(req?.text);
    expect(JSON.parse(form.get("payload") ?? "")).toEqual({ schema: ["EMAIL", "PHONE"], data: [[EMAIL, PHONE], [EMAIL, ""]] });
    expect(form.has("session")).toBe(false);
  });

  it("removes with DELETE on the same path", async () => {
    sink.respond(() => ({ status: 200, body: { audience_id: "23842", num_received: 1, num_invalid_entries: 0 } }));
    await updateMetaAudience(settings(sink.url), "23842", "remove", [{ email: "test@example.com" }], { key: "k", attempt: 0 }, runtime(fixedDeps));
    expect([sink.requests[0]?.method, sink.requests[0]?.path]).toEqual(["DELETE", "/v25.0/23842/users"]);
  });

  it("suppresses a user with neither e-mail nor phone, sending nothing", async () => {
    expect(await updateMetaAudience(settings(sink.url), "1", "add", [{ email: "x" }], { key: "k", attempt: 0 }, runtime(fixedDeps))).toMatchObject({ type: "suppressed" });
    expect(sink.requests).toHaveLength(0);
  });

  it("splits large uploads into batches tied by one session", () => {
    const rows = Array.from({ length: 5 }, (_, i) => [`e${i}`, ""]);
    const requests = metaAudienceRequests(settings("https://graph.test"), "42", "add", rows, 77, 2);
    expect(requests).toHaveLength(3);
    const forms = requests.map((r) => new URLSearchParams(typeof r.body === "string" ? r.body : ""));
    expect(forms.map((f) => JSON.parse(f.get("payload") ?? "").data.length)).toEqual([2, 2, 1]);
    expect(forms.map((f) => JSON.parse(f.get("session") ?? ""))).toEqual([
      { session_id: 77, batch_seq: 1, last_batch_flag: false, estimated_num_total: 5 },
      { session_id: 77, batch_seq: 2, last_batch_flag: false, estimated_num_total: 5 },
      { session_id: 77, batch_seq: 3, last_batch_flag: true, estimated_num_total: 5 },
    ]);
  });

  it("uses at most 10,000 rows per request by default", () => {
    const rows = Array.from({ length: 10_001 }, () => ["h", ""]);
    expect(metaAudienceRequests(settings("https://graph.test"), "42", "add", rows, 1).length).toBe(2);
  });
});

classifiesLikeEveryProvider(
  "facebook",
  (baseUrl, rt, attempt) => updateMetaAudience(settings(baseUrl), "23842", "add", [{ email: "test@example.com" }], { key: "k", attempt }, rt),
  (message) => ({ error: { message, type: "OAuthException", code: 100, fbtrace_id: "A1" } }),
);
