/**
 * Google Ads Customer Match through an OfflineUserDataJob: create the job for the user list, add
 * `create` (add) or `remove` operations with hashedEmail / hashedPhoneNumber identifiers in
 * batches, then run it. Headers: OAuth `Authorization: Bearer`, `developer-token`, and
 * `login-customer-id` when access goes through a manager account.
 * Docs: https://developers.google.com/google-ads/api/docs/remarketing/audience-segments/customer-match/get-started ,
 * REST: https://developers.google.com/google-ads/api/rest/reference/rest/latest/customers.offlineUserDataJobs
 */
import type { DeliveryOutcome } from "../delivery/outcome.ts";
import { batches, normalizeEmail, normalizePhoneE164, sha256Hex, type AudienceIdentity } from "./audience-hash.ts";
import { classifyAnswer, pick, retryOutcome, type ClassifyRules } from "./classify.ts";
import { exchange } from "./http.ts";
import { GOOGLE_TOKEN_URI, refreshToken } from "./oauth-token.ts";
import { trimBase, type GoogleAdsSettings } from "./settings.ts";
import type { TokenCache } from "./token-cache.ts";
import type { HttpAnswer, HttpRequest, Runtime, SendContext } from "./types.ts";

const DEFAULT_BASE = "https://googleads.googleapis.com";
export const DEFAULT_ADS_VERSION = "v22";
export const GOOGLE_BATCH_LIMIT = 10_000;

type UserIdentifier = { hashedEmail: string } | { hashedPhoneNumber: string };

/** One UserData per person (e-mail and phone identifiers together); people with neither are left out. */
export async function googleUserData(people: readonly AudienceIdentity[]): Promise<Array<{ userIdentifiers: UserIdentifier[] }>> {
  const out: Array<{ userIdentifiers: UserIdentifier[] }> = [];
  for (const person of people) {
    const ids: UserIdentifier[] = [];
    const email = normalizeEmail(person.email);
    const phone = normalizePhoneE164(person.phone);
    if (email !== undefined) ids.push({ hashedEmail: await sha256Hex(email) });
    if (phone !== undefined) ids.push({ hashedPhoneNumber: await sha256Hex(phone) });
    if (ids.length > 0) out.push({ userIdentifiers: ids });
  }
  return out;
}

/** "customers/1234567890/userLists/42" from a list id or resource name. Pure. */
export function userListResource(settings: GoogleAdsSettings, audience: string): string {
  return audience.startsWith("customers/") ? audience : `customers/${digits(settings.customerId)}/userLists/${audience}`;
}

function digits(id: string): string {
  return id.replace(/-/g, "");
}

function api(settings: GoogleAdsSettings): string {
  return `${trimBase(settings.baseUrl ?? DEFAULT_BASE)}/${settings.apiVersion ?? DEFAULT_ADS_VERSION}`;
}

function headers(settings: GoogleAdsSettings, accessToken: string): Record<string, string> {
  return {
    authorization: `Bearer ${accessToken}`,
    "developer-token": settings.developerToken,
    ...(settings.loginCustomerId !== undefined ? { "login-customer-id": digits(settings.loginCustomerId) } : {}),
    "content-type": "application/json",
  };
}

/** offlineUserDataJobs:create for a Customer Match list. Pure. */
export function createJobRequest(settings: GoogleAdsSettings, audience: string, accessToken: string): HttpRequest {
  const metadata = { userList: userListResource(settings, audience), ...(settings.consent !== undefined ? { consent: settings.consent } : {}) };
  return {
    url: `${api(settings)}/customers/${digits(settings.customerId)}/offlineUserDataJobs:create`,
    method: "POST",
    headers: headers(settings, accessToken),
    body: JSON.stringify({ job: { type: "CUSTOMER_MATCH_USER_LIST", customerMatchUserListMetadata: metadata } }),
  };
}

/** {job}:addOperations, one request per batch. Pure. */
export function addOperationsRequests(settings: GoogleAdsSettings, job: string, op: "add" | "remove", users: Array<{ userIdentifiers: UserIdentifier[] }>, accessToken: string, batchSize = GOOGLE_BATCH_LIMIT): HttpRequest[] {
  return batches(users, batchSize).map((part) => ({
    url: `${api(settings)}/${job}:addOperations`,
    method: "POST",
    headers: headers(settings, accessToken),
    body: JSON.stringify({ enablePartialFailure: true, operations: part.map((user) => (op === "add" ? { create: user } : { remove: user })) }),
  }));
}

/** {job}:run. Pure. */
export function runJobRequest(settings: GoogleAdsSettings, job: string, accessToken: string): HttpRequest {
  return { url: `${api(settings)}/${job}:run`, method: "POST", headers: headers(settings, accessToken), body: "{}" };
}

export const googleAdsRules: ClassifyRules = {
  provider: "google",
  providerId: (a) => pick(a.json, "resourceName") ?? pick(a.json, "name"),
  errorMessage: (a: HttpAnswer) => googleAdsFailure(a.json) ?? pick(a.json, "error", "message"),
};

/** The first GoogleAdsFailure message in an error body. */
function googleAdsFailure(json: unknown): string | undefined {
  for (let i = 0; i < 3; i++) {
    const message = pick(json, "error", "details", i, "errors", 0, "message");
    if (message !== undefined) return message;
  }
  return undefined;
}

/** Adds or removes people from a Customer Match list (create job → add operations → run). Never throws. */
export async function updateGoogleAudience(settings: GoogleAdsSettings, audience: string, op: "add" | "remove", people: readonly AudienceIdentity[], ctx: SendContext, rt: Runtime, tokens: TokenCache): Promise<DeliveryOutcome> {
  const users = await googleUserData(people);
  if (users.length === 0) return { type: "suppressed", reason: "google: no e-mail or phone to match" };
  const token = await googleAdsToken(settings, tokens, rt, ctx);
  if (!token.ok) return token.outcome;
  const created = await step(createJobRequest(settings, audience, token.value), rt, ctx);
  if (created.type !== "sent" || created.providerId === undefined) return created.type === "sent" ? { type: "failed", reason: "google: job created without a resourceName" } : created;
  const job = created.providerId;
  for (const request of addOperationsRequests(settings, job, op, users, token.value)) {
    const added = await step(request, rt, ctx);
    if (added.type !== "sent") return added;
  }
  const ran = await step(runJobRequest(settings, job, token.value), rt, ctx);
  return ran.type === "sent" ? { type: "sent", providerId: job, detail: `${users.length} user(s) ${op === "add" ? "added" : "removed"}` } : ran;
}

async function step(request: HttpRequest, rt: Runtime, ctx: SendContext): Promise<DeliveryOutcome> {
  const result = await exchange(request, rt);
  if (!result.ok) return retryOutcome(`google ${result.reason}`, null, rt, ctx.attempt);
  return classifyAnswer(result.answer, googleAdsRules, rt, ctx);
}

/** A static access token, or one from the refresh-token grant (cached). */
async function googleAdsToken(settings: GoogleAdsSettings, tokens: TokenCache, rt: Runtime, ctx: SendContext): Promise<{ ok: true; value: string } | { ok: false; outcome: DeliveryOutcome }> {
  const oauth = settings.oauth;
  if ("accessToken" in oauth) return { ok: true, value: oauth.accessToken };
  const uri = oauth.tokenUri ?? GOOGLE_TOKEN_URI;
  const result = await tokens.get(`google-ads:${oauth.clientId}:${oauth.refreshToken}:${uri}`, rt.now(), () => refreshToken(oauth, uri, rt));
  if (result.ok) return { ok: true, value: result.token.token };
  const reason = `google ${result.error.reason}`;
  return { ok: false, outcome: result.error.kind === "credentials" ? { type: "failed", reason: `credentials: ${reason}` } : retryOutcome(reason, result.error.retryAfter ?? null, rt, ctx.attempt) };
}
