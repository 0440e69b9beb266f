/**
 * Entry rules: may this trigger start a new run for this user, and with which key? The shell
 * asks before `startRun`, with the user's earlier runs of the journey (any version).
 */
import type { Journey } from "../schema/journey.ts";
import type { Millis, UserEvent } from "../types.ts";
import { shiftBy } from "./time-text.ts";

/** One earlier run of this journey for this user. */
export interface PriorEntry {
  key: string;
  enteredAt: Millis;
  active: boolean;
}

export type EntryDecision = { enter: true; key: string } | { enter: false; reason: string };

/** The run key for a trigger: `String(properties[entry.key])` when set and present, else "". */
export function entryKey(definition: Journey, trigger: UserEvent): string {
  const name = definition.entry?.key;
  if (name === undefined) return "";
  const value = trigger.properties[name];
  return value === undefined || value === null ? "" : String(value);
}

/**
 * Decides entry from the user's earlier runs of the journey — each run, or (as the runtime passes
 * them) one line per key with its latest entry and whether one is active: both answer alike.
 * An active run with the same key always blocks. `reentry` (default `never`):
 * `never` → only if the user never entered before; `always` → yes; `{ after }` → only if the
 * latest entry with the same key is at least `after` old (calendar units in `timeZone`).
 * @param [timeZone="UTC"] the user's zone, for calendar `after` durations
 */
export function decideEntry(
  definition: Journey,
  trigger: UserEvent,
  prior: readonly PriorEntry[],
  now: Millis,
  timeZone = "UTC",
): EntryDecision {
  const key = entryKey(definition, trigger);
  const label = key === "" ? "" : ` for ${definition.entry?.key} ${JSON.stringify(key)}`;
  if (prior.some((p) => p.active && p.key === key)) return { enter: false, reason: `already active${label}` };
  const reentry = definition.entry?.reentry ?? "never";
  if (reentry === "always") return { enter: true, key };
  if (reentry === "never") {
    return prior.length > 0 ? { enter: false, reason: "already entered once (reentry: never)" } : { enter: true, key };
  }
  const latest = prior.filter((p) => p.key === key).reduce<number | null>((max, p) => (max === null || p.enteredAt > max ? p.enteredAt : max), null);
  if (latest === null) return { enter: true, key };
  const allowedAt = shiftBy(latest, reentry.after, timeZone);
  if (allowedAt === null) return { enter: false, reason: `reentry after "${reentry.after}" is not a duration` };
  if (now < allowedAt) return { enter: false, reason: `entered less than ${reentry.after} ago${label} (reentry after ${reentry.after})` };
  return { enter: true, key };
}
