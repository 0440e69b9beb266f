/**
 * Before reading an upload that enters users into a journey: the journey must be published,
 * active and have a `manual` trigger, or every row would fail the same way. Reads the catalog
 * the user objects read (so tests that swap it see the same).
 */
import { journeyTriggers } from "../../journey/engine/index.ts";
import { userObjectDeps } from "../../user/config.ts";

export type JourneyCheck = { ok: true } | { ok: false; code: "journey_not_found" | "journey_not_active" | "journey_not_manual"; message: string };

/** Whether users can be entered into `journeyId` of `workspace` by an import. */
export async function checkImportJourney(env: Env, workspace: string, journeyId: string): Promise<JourneyCheck> {
  const live = await userObjectDeps().catalog(env).live(workspace);
  const journey = live.journeys.find((j) => j.id === journeyId);
  if (journey === undefined) return { ok: false, code: "journey_not_found", message: `No published journey "${journeyId}".` };
  if (journey.status !== "active") return { ok: false, code: "journey_not_active", message: `Journey "${journeyId}" is ${journey.status}: it takes no new entries.` };
  if (!journeyTriggers(journey.definition).some((t) => t.type === "manual")) {
    return { ok: false, code: "journey_not_manual", message: `Journey "${journeyId}" has no manual trigger ({ "type": "manual" }), so users cannot be entered by an import.` };
  }
  return { ok: true };
}
