/**
 * Who the browser is: a persisted anonymousId (localStorage + cookie fallback) and, after
 * identify(), the userId, its verification hash and the traits. Used by the client only.
 */
import type { Properties } from "./protocol.ts";
import { getItem, getJson, setItem, setJson } from "./storage.ts";
import { uuid } from "./uuid.ts";

export interface Identity {
  anonymousId: string;
  userId?: string;
  userHash?: string;
  traits: Properties;
}

interface StoredUser {
  userId?: string;
  userHash?: string;
  traits?: Properties;
}

/** Loads the stored identity, creating (and persisting) an anonymousId on first use. */
export function loadIdentity(): Identity {
  let anonymousId = getItem("aid");
  if (!anonymousId) setItem("aid", (anonymousId = uuid()), true);
  const user = getJson<StoredUser>("user", {});
  return { anonymousId, userId: user.userId, userHash: user.userHash, traits: user.traits ?? {} };
}

/** Persists `id`; the anonymousId also goes to the cookie. */
export function saveIdentity(id: Identity): void {
  setItem("aid", id.anonymousId, true);
  if (id.userId === undefined && !Object.keys(id.traits).length) setItem("user", null);
  else setJson("user", { userId: id.userId, userHash: id.userHash, traits: id.traits } satisfies StoredUser);
}
