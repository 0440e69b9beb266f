/**
 * The real Worker in e2e tests: the origin of the one `wrangler dev` that global-setup.ts starts
 * for the whole run, and a small client for its admin API (secret key `sk_dev`) to set up
 * templates, geofences, journeys and settings and to read what a user got.
 */
import { inject } from "vitest";

declare module "vitest" {
  export interface ProvidedContext {
    /** http://127.0.0.1:<port> of the shared `wrangler dev`. */
    workerOrigin: string;
  }
}

/** The shared Worker's origin (only inside tests and hooks of the e2e project). */
export const workerOrigin = (): string => inject("workerOrigin");

/** GET /v1/admin/users/{id} (the fields the tests read). */
export interface UserProfile {
  userId: string | null;
  anonymousId: string | null;
  traits: Record<string, unknown>;
  runs: { journeyId: string; path: string[]; waiting: { node: string; type: string } | null }[];
  /** Per channel: can it reach the user now (worker/channels/contact.ts). */
  reachable?: Record<string, boolean>;
}

/** One line of GET /v1/admin/users/{id}/messages. */
export interface LoggedMessage {
  journey: string;
  node: string;
  channel: string;
  template: string;
  status: "sent" | "suppressed" | "failed";
  reason?: string;
  provider?: string;
  at: string;
}

/** One line of GET /v1/admin/users/{id}/trace. */
export interface TraceLine {
  at: string;
  kind: string;
  journeyId: string | null;
  node: string | null;
  reason: string;
}

export interface Admin {
  /** Any admin call; throws with the answer unless it is 2xx. */
  call<T>(method: string, path: string, body?: unknown): Promise<T>;
  putTemplate(id: string, template: object): Promise<void>;
  putGeofence(id: string, fence: { name: string; lat: number; lng: number; radius: number }): Promise<void>;
  /** Stores the journey as a draft and publishes it. */
  publish(journey: { id: string } & Record<string, unknown>): Promise<void>;
  /** The profile, or null while the user has never been seen. */
  user(id: string): Promise<UserProfile | null>;
  messages(id: string): Promise<LoggedMessage[]>;
  trace(id: string): Promise<TraceLine[]>;
}

export function admin(origin = workerOrigin()): Admin {
  const call = async <T>(method: string, path: string, body?: unknown): Promise<T> => {
    const res = await fetch(`${origin}/v1/admin${path}`, {
      method,
      headers: { authorization: "Bearer sk_dev", "content-type": "application/json" },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    const text = await res.text();
    if (!res.ok) throw new Error(`${method} /v1/admin${path} answered ${res.status}: ${text}`);
    return JSON.parse(text);
  };
  return {
    call,
    putTemplate: async (id, template) => void (await call("PUT", `/templates/${id}`, template)),
    putGeofence: async (id, fence) => void (await call("PUT", `/geofences/${id}`, fence)),
    publish: async (journey) => {
      await call("PUT", `/journeys/${journey.id}`, journey);
      await call("POST", `/journeys/${journey.id}/publish`);
    },
    user: async (id) => {
      const res = await fetch(`${origin}/v1/admin/users/${encodeURIComponent(id)}`, { headers: { authorization: "Bearer sk_dev" } });
      if (res.status == 404) return null;
      if (!res.ok) throw new Error(`GET user ${id} answered ${res.status}: ${await res.text()}`);
      return res.json();
    },
    messages: async (id) => (await call<{ messages: LoggedMessage[] }>("GET", `/users/${encodeURIComponent(id)}/messages`)).messages,
    trace: async (id) => (await call<{ trace: TraceLine[] }>("GET", `/users/${encodeURIComponent(id)}/trace`)).trace,
  };
}
