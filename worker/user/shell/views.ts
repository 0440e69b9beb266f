/** Read models for the admin API: the stored rows shaped as the RPC contract (types.ts). Pure. */
import { reachability, type ContactProfile } from "../../channels/contact.ts";
import type { Channel } from "../../journey/schema/channels.ts";
import type { Run } from "../../journey/types.ts";
import { toJsonObject } from "../../lib/json.ts";
import type { MessageLogRow } from "../store/message-store.ts";
import type { Membership } from "../store/segment-store.ts";
import type { Profile } from "../store/profile-store.ts";
import type { StoredTrace } from "../store/trace-store.ts";
import type { MessageLogEntry, ProfileSummary, RunSummary, TraceLine } from "../types.ts";

const iso = (at: number): string => new Date(at).toISOString();

export function runSummary(run: Run): RunSummary {
  const w = run.waiting;
  return {
    runId: run.id,
    journeyId: run.journeyId,
    version: run.version,
    key: run.key,
    enteredAt: iso(run.enteredAt),
    waiting: w === null ? null : w.type === "data" ? { node: w.node, type: "data" } : { node: w.node, type: w.type, until: iso(w.at) },
    path: run.path,
  };
}

/** Whether each channel reaches the user at `now`, by the same rule sends use. */
export function reachableChannels(contact: ContactProfile, now: number): Record<Channel, boolean> {
  const r = (channel: Channel): boolean => reachability(channel, contact, now).reachable;
  return { email: r("email"), sms: r("sms"), whatsapp: r("whatsapp"), web_push: r("web_push"), mobile_push: r("mobile_push"), in_app: r("in_app"), web_overlay: r("web_overlay") };
}

export function profileSummary(profile: Profile, memberships: readonly Membership[], runs: readonly Run[], reachable: Record<Channel, boolean>): ProfileSummary {
  return {
    workspace: profile.workspace,
    userId: profile.userId,
    anonymousId: profile.anonymousId,
    traits: toJsonObject(profile.traits),
    timeZone: profile.timeZone,
    segments: memberships.filter((m) => m.member).map((m) => m.segmentId),
    unreachable: profile.unreachable,
    reachable,
    firstSeen: iso(profile.firstSeen),
    lastSeen: iso(profile.lastSeen),
    runs: runs.map(runSummary),
  };
}

export function messageEntry(m: MessageLogRow): MessageLogEntry {
  return {
    journey: m.journey,
    version: m.version,
    node: m.node,
    channel: m.channel,
    template: m.template,
    status: m.status,
    ...(m.reason === null ? {} : { reason: m.reason }),
    ...(m.provider === null ? {} : { provider: m.provider }),
    at: iso(m.at),
  };
}

export function traceLine(t: StoredTrace): TraceLine {
  return {
    at: iso(t.at),
    kind: t.kind,
    journeyId: t.journeyId,
    version: t.version,
    runId: t.runId === "" ? null : t.runId,
    node: t.node,
    ...(t.branch === undefined ? {} : { branch: t.branch }),
    reason: t.reason,
  };
}
