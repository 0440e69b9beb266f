/**
 * OAuth access tokens, cached until shortly before they expire and fetched once however many
 * sends ask at the same time. One cache lives in each `createDelivery` instance (so one per User
 * Durable Object isolate); a token is valid for every user of the workspace.
 */

export interface AccessToken {
  token: string;
  /** Epoch ms. */
  expiresAt: number;
}

export type TokenResult = { ok: true; token: AccessToken } | { ok: false; error: TokenError };

/** Why no token: `credentials` (refused) is permanent, `transient` may be retried. */
export interface TokenError {
  kind: "credentials" | "transient";
  reason: string;
  retryAfter?: string | null;
}

/** Tokens are renewed this long before they expire, so none expires in flight. */
const EARLY_MS = 60_000;

export class TokenCache {
  #tokens = new Map<string, AccessToken>();
  #pending = new Map<string, Promise<TokenResult>>();

  /** The cached token for `key`, else the result of `fetchToken` (shared by concurrent callers). */
  async get(key: string, now: number, fetchToken: () => Promise<TokenResult>): Promise<TokenResult> {
    const cached = this.#tokens.get(key);
    if (cached !== undefined && cached.expiresAt - EARLY_MS > now) return { ok: true, token: cached };
    const inFlight = this.#pending.get(key);
    if (inFlight !== undefined) return inFlight;
    const pending = fetchToken()
      .catch((error: unknown): TokenResult => ({ ok: false, error: { kind: "credentials", reason: error instanceof Error ? error.message : String(error) } }))
      .then((result) => {
        this.#pending.delete(key);
        if (result.ok) this.#tokens.set(key, result.token);
        return result;
      });
    this.#pending.set(key, pending);
    return pending;
  }

  /** Forgets `key`'s token (after the API refused it). */
  drop(key: string): void {
    this.#tokens.delete(key);
  }
}
