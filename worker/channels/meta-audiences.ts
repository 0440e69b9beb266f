/**
 * Meta (Facebook) Custom Audiences: POST (add) or DELETE (remove)
 * {baseUrl}/{version}/{audience-id}/users with `payload = { schema: ["EMAIL","PHONE"], data:
 * [[sha256(email), sha256(phone)], …] }`, at most 10,000 rows per request; a multi-request upload
 * carries a `session` so Meta treats it as one replacement-safe batch.
 * Docs: https://developers.facebook.com/docs/marketing-api/reference/custom-audience/users
 */
import type { DeliveryOutcome } from "../delivery/outcome.ts";
import { batches, normalizeEmail, normalizePhoneDigits, sha256Hex, type AudienceIdentity } from "./audience-hash.ts";
import { classifyAnswer, pick, retryOutcome, type ClassifyRules } from "./classify.ts";
import { exchange } from "./http.ts";
import { trimBase, type MetaAudienceSettings } from "./settings.ts";
import type { HttpRequest, Runtime, SendContext } from "./types.ts";
import { graphErrorMessage, graphVersion } from "./whatsapp.ts";

const DEFAULT_BASE = "https://graph.facebook.com";
export const META_BATCH_LIMIT = 10_000;
export const META_SCHEMA = ["EMAIL", "PHONE"] as const;

/** Hashed rows in schema order; "" where a user lacks that identifier; users with neither are left out. */
export async function metaRows(people: readonly AudienceIdentity[]): Promise<string[][]> {
  const rows: string[][] = [];
  for (const person of people) {
    const email = normalizeEmail(person.email);
    const phone = normalizePhoneDigits(person.phone);
    if (email === undefined && phone === undefined) continue;
    rows.push([email === undefined ? "" : await sha256Hex(email), phone === undefined ? "" : await sha256Hex(phone)]);
  }
  return rows;
}

/** The requests that add or remove `rows`, batched. `sessionId` ties the batches together. Pure. */
export function metaAudienceRequests(settings: MetaAudienceSettings, audienceId: string, op: "add" | "remove", rows: string[][], sessionId: number, batchSize = META_BATCH_LIMIT): HttpRequest[] {
  const parts = batches(rows, batchSize);
  return parts.map((data, i) => {
    const form = new URLSearchParams({ payload: JSON.stringify({ schema: META_SCHEMA, data }) });
    if (parts.length > 1) {
      form.set("session", JSON.stringify({ session_id: sessionId, batch_seq: i + 1, last_batch_flag: i === parts.length - 1, estimated_num_total: rows.length }));
    }
    return {
      url: `${trimBase(settings.baseUrl ?? DEFAULT_BASE)}/${graphVersion(settings.apiVersion)}/${encodeURIComponent(audienceId)}/users`,
      method: op === "add" ? "POST" : "DELETE",
      headers: { authorization: `Bearer ${settings.accessToken}`, "content-type": "application/x-www-form-urlencoded" },
      body: form.toString(),
    };
  });
}

export const metaAudienceRules: ClassifyRules = {
  provider: "facebook",
  providerId: (a) => pick(a.json, "session_id") ?? pick(a.json, "audience_id"),
  errorMessage: graphErrorMessage,
};

/** A session id derived from the effect key, so a replayed upload reuses it. */
export async function metaSessionId(key: string): Promise<number> {
  return parseInt((await sha256Hex(key)).slice(0, 12), 16);
}

/**
 * Adds or removes people from a Custom Audience; stops at the first batch that fails. Never throws.
 * @returns sent with `detail` "received N, invalid M", or the failing batch's outcome
 */
export async function updateMetaAudience(settings: MetaAudienceSettings, audienceId: string, op: "add" | "remove", people: readonly AudienceIdentity[], ctx: SendContext, rt: Runtime): Promise<DeliveryOutcome> {
  const rows = await metaRows(people);
  if (rows.length === 0) return { type: "suppressed", reason: "facebook: no e-mail or phone to match" };
  let received = 0;
  let invalid = 0;
  for (const request of metaAudienceRequests(settings, audienceId, op, rows, await metaSessionId(ctx.key))) {
    const result = await exchange(request, rt);
    if (!result.ok) return retryOutcome(`facebook ${result.reason}`, null, rt, ctx.attempt);
    const outcome = classifyAnswer(result.answer, metaAudienceRules, rt, ctx);
    if (outcome.type !== "sent") return outcome;
    received += Number(pick(result.answer.json, "num_received") ?? 0);
    invalid += Number(pick(result.answer.json, "num_invalid_entries") ?? 0);
  }
  return { type: "sent", providerId: audienceId, detail: `received ${received}, invalid ${invalid}` };
}
