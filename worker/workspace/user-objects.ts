/**
 * The one place that knows the User Durable Object's RPC: routes and queue consumers call these
 * helpers with an object name (worker/workspace/user-object-name.ts) and never build stubs.
 */
import type { Attributes } from "../journey/types.ts";
import type { EnterResult, IngestItem, IngestResult, MessageLogEntry, ProfileSummary, TraceLine, UserRef } from "../user/types.ts";

/** Typed calls into users' objects. */
export interface UserObjects {
  ingest(name: string, ref: UserRef, items: IngestItem[]): Promise<IngestResult[]>;
  enter(name: string, ref: UserRef, journeyId: string, properties: Attributes): Promise<EnterResult>;
  archive(name: string, journeyId: string): Promise<{ ended: number }>;
  profile(name: string): Promise<ProfileSummary | null>;
  messages(name: string): Promise<MessageLogEntry[]>;
  trace(name: string): Promise<TraceLine[]>;
  erase(name: string): Promise<void>;
  /** Waits for the sends and other outbox work earlier calls started (inputs return at commit). */
  flush(name: string): Promise<void>;
}

/** Helpers over `env.USERS`. */
export function userObjects(env: Pick<Env, "USERS">): UserObjects {
  const stub = (name: string) => env.USERS.getByName(name);
  return {
    ingest: (name, ref, items) => stub(name).ingest(ref, items),
    enter: (name, ref, journeyId, properties) => stub(name).enterJourney(ref, journeyId, properties),
    archive: (name, journeyId) => stub(name).archiveJourney(journeyId),
    profile: (name) => stub(name).getProfile(),
    messages: (name) => stub(name).getMessages(),
    trace: (name) => stub(name).getTrace(),
    erase: (name) => stub(name).deleteAll(),
    flush: (name) => stub(name).flush(),
  };
}
