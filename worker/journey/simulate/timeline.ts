/** Reading simulate's input times and timeline into a sorted list of typed items. Pure. */
import type { Millis } from "../types.ts";
import { SimulationInputError, type SimTime, type TimelineItem } from "./types.ts";

export type TimedItem =
  | { type: "event"; at: Millis; index: number; name: string; properties: Record<string, unknown> }
  | { type: "traits"; at: Millis; index: number; traits: Record<string, unknown> };

const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === "object" && value !== null && !Array.isArray(value);

/** Epoch ms of an ISO date-time or a finite number; throws SimulationInputError naming `path`. */
export function parseTime(value: SimTime | undefined, path: string): Millis {
  const at = typeof value === "number" ? value : typeof value === "string" ? Date.parse(value) : NaN;
  if (!Number.isFinite(at)) throw new SimulationInputError(path, `expected an ISO date-time or epoch milliseconds, got ${JSON.stringify(value)}`);
  return at;
}

function readItem(item: TimelineItem, index: number): TimedItem {
  const path = `timeline[${index}]`;
  if (!isRecord(item)) throw new SimulationInputError(path, "expected { at, event, properties? } or { at, traits }");
  const at = parseTime(item.at, `${path}.at`);
  if ("event" in item) {
    if (typeof item.event !== "string" || item.event === "") throw new SimulationInputError(`${path}.event`, "expected a non-empty event name");
    const properties = item.properties ?? {};
    if (!isRecord(properties)) throw new SimulationInputError(`${path}.properties`, "expected an object");
    return { type: "event", at, index, name: item.event, properties };
  }
  if ("traits" in item && isRecord(item.traits)) return { type: "traits", at, index, traits: item.traits };
  throw new SimulationInputError(path, "expected an `event` name or a `traits` object");
}

/** The timeline as typed items in time order (ties keep their input order). */
export function readTimeline(timeline: readonly TimelineItem[]): TimedItem[] {
  if (!Array.isArray(timeline)) throw new SimulationInputError("timeline", "expected an array");
  return timeline.map(readItem).sort((a, b) => a.at - b.at || a.index - b.index);
}

/** Checks the profile's shape; throws SimulationInputError naming the field. */
export function checkProfile(profile: unknown): void {
  if (!isRecord(profile)) throw new SimulationInputError("profile", "expected { userId, traits, reachable?, timeZone?, bestHour? }");
  if (typeof profile["userId"] !== "string" || profile["userId"] === "") throw new SimulationInputError("profile.userId", "expected a non-empty string");
  if (profile["traits"] !== undefined && !isRecord(profile["traits"])) throw new SimulationInputError("profile.traits", "expected an object");
  const reachable = profile["reachable"];
  if (reachable !== undefined) {
    if (!isRecord(reachable)) throw new SimulationInputError("profile.reachable", "expected an object of channel → boolean");
    for (const [channel, value] of Object.entries(reachable)) {
      if (typeof value !== "boolean") throw new SimulationInputError(`profile.reachable.${channel}`, "expected true or false");
    }
  }
  if (profile["timeZone"] !== undefined && typeof profile["timeZone"] !== "string") throw new SimulationInputError("profile.timeZone", "expected an IANA time zone name");
  const hour = profile["bestHour"];
  if (hour !== undefined && (typeof hour !== "number" || !Number.isInteger(hour) || hour < 0 || hour > 23)) {
    throw new SimulationInputError("profile.bestHour", "expected a whole hour from 0 to 23");
  }
}
