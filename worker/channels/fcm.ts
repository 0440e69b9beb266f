/**
 * Mobile push through Firebase Cloud Messaging HTTP v1: POST
 * {baseUrl}/v1/projects/{project}/messages:send with an OAuth2 access token obtained from the
 * service account (RS256 JWT assertion, cached until expiry). An UNREGISTERED token (or 404) is
 * unreachable: the app was uninstalled or the token rotated.
 * Docs: https://firebase.google.com/docs/reference/fcm/rest/v1/projects.messages/send ,
 * error codes: https://firebase.google.com/docs/reference/fcm/rest/v1/ErrorCode
 */
import type { DeliveryOutcome } from "../delivery/outcome.ts";
import type { TemplateOf } from "../templates/schema.ts";
import { classifyAnswer, pick, retryOutcome, type ClassifyRules } from "./classify.ts";
import { exchange } from "./http.ts";
import { GOOGLE_TOKEN_URI, serviceAccountToken } from "./oauth-token.ts";
import { trimBase, type FcmSettings } from "./settings.ts";
import type { TokenCache, TokenResult } from "./token-cache.ts";
import type { HttpAnswer, HttpRequest, RecipientOf, Runtime, SendContext } from "./types.ts";

const DEFAULT_BASE = "https://fcm.googleapis.com";
export const FCM_SCOPE = "https://www.googleapis.com/auth/firebase.messaging";
/** FCM error codes meaning this device token is dead. */
const DEAD_TOKEN_CODES = new Set(["UNREGISTERED", "SENDER_ID_MISMATCH"]);

/** The FCM request for one rendered mobile push. Pure. */
export function fcmRequest(settings: FcmSettings, message: TemplateOf<"mobile_push">, to: RecipientOf<"mobile_push">, ctx: SendContext, accessToken: string): HttpRequest {
  const project = settings.projectId ?? settings.serviceAccount.project_id;
  // FCM data values must be strings; the url and our key travel there for the app to read.
  const data: Record<string, string> = { ...message.data, ...(message.url !== undefined ? { url: message.url } : {}), nudge_key: ctx.key };
  const body = {
    message: {
      token: to.token,
      notification: { title: message.title, body: message.body, ...(message.image !== undefined ? { image: message.image } : {}) },
      data,
    },
  };
  return {
    url: `${trimBase(settings.baseUrl ?? DEFAULT_BASE)}/v1/projects/${encodeURIComponent(project)}/messages:send`,
    method: "POST",
    headers: { authorization: `Bearer ${accessToken}`, "content-type": "application/json" },
    body: JSON.stringify(body),
  };
}

export const fcmRules: ClassifyRules = {
  provider: "fcm",
  providerId: (a) => pick(a.json, "name"),
  errorMessage: (a) => {
    const message = pick(a.json, "error", "message");
    const code = fcmErrorCode(a);
    return message === undefined ? code : code === undefined ? message : `${code}: ${message}`;
  },
  goneIsUnreachable: true,
  special: (a) => {
    const code = fcmErrorCode(a);
    if (code === undefined || !DEAD_TOKEN_CODES.has(code)) return undefined;
    return { type: "unreachable", reason: `fcm ${a.status}: ${code}` };
  },
};

/** The `errorCode` of FCM's FcmError detail, else the Google API status. */
export function fcmErrorCode(a: HttpAnswer): string | undefined {
  const error: unknown = typeof a.json === "object" && a.json !== null ? Reflect.get(a.json, "error") : undefined;
  const details: unknown = typeof error === "object" && error !== null ? Reflect.get(error, "details") : undefined;
  if (Array.isArray(details)) {
    for (const d of details) {
      const code = pick(d, "errorCode");
      if (code !== undefined) return code;
    }
  }
  return pick(a.json, "error", "status");
}

function tokenUri(settings: FcmSettings): string {
  return settings.tokenUri ?? settings.serviceAccount.token_uri ?? GOOGLE_TOKEN_URI;
}

function tokenKey(settings: FcmSettings): string {
  return `fcm:${settings.serviceAccount.client_email}:${tokenUri(settings)}`;
}

/** The workspace's access token for FCM (cached). */
export function fcmToken(settings: FcmSettings, tokens: TokenCache, rt: Runtime): Promise<TokenResult> {
  return tokens.get(tokenKey(settings), rt.now(), () => serviceAccountToken(settings.serviceAccount, FCM_SCOPE, tokenUri(settings), rt));
}

/** Sends one mobile push and classifies the answer; a refused cached token is renewed once. Never throws. */
export async function sendFcm(settings: FcmSettings, message: TemplateOf<"mobile_push">, to: RecipientOf<"mobile_push">, ctx: SendContext, rt: Runtime, tokens: TokenCache): Promise<DeliveryOutcome> {
  for (let round = 0; round < 2; round++) {
    const token = await fcmToken(settings, tokens, rt);
    if (!token.ok) {
      const reason = `fcm ${token.error.reason}`;
      return token.error.kind === "credentials" ? { type: "failed", reason: `credentials: ${reason}` } : retryOutcome(reason, token.error.retryAfter ?? null, rt, ctx.attempt);
    }
    const result = await exchange(fcmRequest(settings, message, to, ctx, token.token.token), rt);
    if (!result.ok) return retryOutcome(`fcm ${result.reason}`, null, rt, ctx.attempt);
    if (result.answer.status === 401 && round === 0) {
      tokens.drop(tokenKey(settings));
      continue;
    }
    return classifyAnswer(result.answer, fcmRules, rt, ctx);
  }
  return { type: "failed", reason: "credentials: fcm refused a fresh access token" };
}
