import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { addOperationsRequests, updateGoogleAudience } from "../../../worker/channels/google-customer-match.ts";
import { TokenCache } from "../../../worker/channels/token-cache.ts";
import { runtime } from "../../../worker/channels/types.ts";
import { classifiesLikeEveryProvider } from "./helpers/error-matrix.ts";
import { fixedDeps, startSink, type Captured, type Reply, type Sink } from "./helpers/sink.ts";

const EMAIL = "973dfe463ec85785f5f95af5ba3906eedb2d931c24e69824a89ea65dba4e813b"; // test@example.com
const PHONE = "40d3f4e02db27d66cf4cfdda506c2c945f115a7955cc8491dda98ce5beabcda0"; // +14155550100
const JOB = "customers/1234567890/offlineUserDataJobs/555";
const settings = (baseUrl: string) => ({
  developerToken: "dev-token",
  customerId: "123-456-7890",
  loginCustomerId: "9876543210",
  oauth: { accessToken: "ya29.static" },
  apiVersion: "v22",
  consent: { adUserData: "GRANTED" as const, adPersonalization: "GRANTED" as const },
  baseUrl,
});

function googleAds(override: (req: Captured) => Reply | undefined = () => undefined): (req: Captured) => Reply {
  return (req) => {
    const special = override(req);
    if (special !== undefined) return special;
    if (req.path.endsWith(":create")) return { status: 200, body: { resourceName: JOB } };
    if (req.path.endsWith(":addOperations")) return { status: 200, body: {} };
    if (req.path.endsWith(":run")) return { status: 200, body: { name: "customers/1234567890/operations/abc" } };
    if (req.path === "/token") return { status: 200, body: { access_token: "ya29.refreshed", expires_in: 3599 } };
    return { status: 404, body: {} };
  };
}

describe("Google Ads Customer Match", () => {
  let sink: Sink;
  beforeAll(async () => {
    sink = await startSink();
  });
  afterAll(() => sink.close());
  beforeEach(() => {
    sink.requests.length = 0;
  });

  it("creates a job for the list, adds hashed identifiers, then runs it, with the Ads headers", async () => {
    sink.respond(googleAds());
    const people = [{ email: "Test@Example.com", phone: "+1 (415) 555-0100" }, { phone: "0014155550100" }];
    const outcome = await updateGoogleAudience(settings(sink.url), "42", "add", people, { key: "k", attempt: 0 }, runtime(fixedDeps), new TokenCache());
    expect(outcome).toEqual({ type: "sent", providerId: JOB, detail: "2 user(s) added" });
    expect(sink.requests.map((r) => `${r.method} ${r.path}`)).toEqual([
      "POST /v22/customers/1234567890/offlineUserDataJobs:create",
      `POST /v22/${JOB}:addOperations`,
      `POST /v22/${JOB}:run`,
    ]);
    for (const req of sink.requests) {
      expect(req.headers.authorization).toBe("Bearer ya29.static");
      expect(req.headers["developer-token"]).toBe("dev-token");
      expect(req.headers["login-customer-id"]).toBe("9876543210");
      expect(req.headers["content-type"]).toBe("application/json");
    }
    expect(JSON.parse(sink.requests[0]?.text ?? "")).toEqual({
      job: { type: "CUSTOMER_MATCH_USER_LIST", customerMatchUserListMetadata: { userList: "customers/1234567890/userLists/42", consent: { adUserData: "GRANTED", adPersonalization: "GRANTED" } } },
    });
    expect(JSON.parse(sink.requests[1]?.text ?? "")).toEqual({
      enablePartialFailure: true,
      operations: [
        { create: { userIdentifiers: [{ hashedEmail: EMAIL }, { hashedPhoneNumber: PHONE }] } },
        { create: { userIdentifiers: [{ hashedPhoneNumber: PHONE }] } },
      ],
    });
    expect(sink.requests[2]?.text).toBe("{}");
  });

  it("removes with remove operations", async () => {
    sink.respond(googleAds());
    await updateGoogleAudience(settings(sink.url), "customers/1234567890/userLists/7", "remove", [{ email: "test@example.com" }], { key: "k", attempt: 0 }, runtime(fixedDeps), new TokenCache());
    expect(JSON.parse(sink.requests[0]?.text ?? "").job.customerMatchUserListMetadata.userList).toBe("customers/1234567890/userLists/7");
    expect(JSON.parse(sink.requests[1]?.text ?? "").operations).toEqual([{ remove: { userIdentifiers: [{ hashedEmail: EMAIL }] } }]);
  });

  it("gets an access token with the refresh-token grant and caches it", async () => {
    sink.respond(googleAds());
    const s = { ...settings(sink.url), oauth: { clientId: "cid", clientSecret: "csecret", refreshToken: "1//refresh", tokenUri: `${sink.url}/token` } };
    const tokens = new TokenCache();
    await updateGoogleAudience(s, "42", "add", [{ email: "test@example.com" }], { key: "a", attempt: 0 }, runtime(fixedDeps), tokens);
    await updateGoogleAudience(s, "42", "add", [{ email: "test@example.com" }], { key: "b", attempt: 0 }, runtime(fixedDeps), tokens);
    const tokenRequests = sink.requests.filter((r) => r.path === "/token");
    expect(tokenRequests).toHaveLength(1);
    expect(Object.fromEntries(new URLSearchParams(tokenRequests[0]?.text))).toEqual({ grant_type: "refresh_token", client_id: "cid", client_secret: "csecret", refresh_token: "1//refresh" });
    expect(sink.requests.at(-1)?.headers.authorization).toBe("Bearer ya29.refreshed");
  });

  it("stops at the step that fails and reports Google's message", async () => {
    const failure = { error: { code: 400, message: "Request contains an invalid argument.", status: "INVALID_ARGUMENT", details: [{ "@type": "type.googleapis.com/google.ads.googleads.v22.errors.GoogleAdsFailure", errors: [{ errorCode: { offlineUserDataJobError: "INVALID_USER_LIST_ID" }, message: "The user list ID provided for the job is invalid." }] }] } };
    sink.respond(googleAds((req) => (req.path.endsWith(":create") ? { status: 400, body: failure } : undefined)));
    const outcome = await updateGoogleAudience(settings(sink.url), "42", "add", [{ email: "test@example.com" }], { key: "k", attempt: 0 }, runtime(fixedDeps), new TokenCache());
    expect(outcome).toEqual({ type: "failed", reason: "google 400: The user list ID provided for the job is invalid." });
    expect(sink.requests).toHaveLength(1);
  });

  it("batches operations", () => {
    const users = Array.from({ length: 5 }, (_, i) => ({ userIdentifiers: [{ hashedEmail: `h${i}` }] }));
    const requests = addOperationsRequests(settings("https://ads.test"), JOB, "add", users, "t", 2);
    expect(requests.map((r) => JSON.parse(typeof r.body === "string" ? r.body : "").operations.length)).toEqual([2, 2, 1]);
    expect(addOperationsRequests(settings("https://ads.test"), JOB, "add", Array.from({ length: 10_001 }, () => ({ userIdentifiers: [] })), "t").length).toBe(2);
  });
});

classifiesLikeEveryProvider(
  "google",
  (baseUrl, rt, attempt) => updateGoogleAudience(settings(baseUrl), "42", "add", [{ email: "test@example.com" }], { key: "k", attempt }, rt, new TokenCache()),
  (message) => ({ error: { code: 400, message, status: "INVALID_ARGUMENT" } }),
);
