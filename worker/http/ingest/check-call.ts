/**
 * Validates one Segment-spec call with its type's zod schema, without throwing, so the single
 * routes and each batch item share one code path.
 */
import type { z } from "zod";
import type { Problem } from "../errors.ts";
import { AliasEvent } from "../schemas/alias.ts";
import type { EventType } from "../schemas/batch.ts";
import { IdentifyEvent } from "../schemas/identify.ts";
import { PageEvent } from "../schemas/page.ts";
import { TrackEvent } from "../schemas/track.ts";
import { zodProblems } from "../zod-problems.ts";
import type { Call } from "./normalize-call.ts";

export type Checked = { ok: true; call: Call } | { ok: false; problems: Problem[] };

/** The typed call, or every problem (paths prefixed with `prefix`, e.g. `batch[3]`). Pure. */
export function checkCall(type: EventType, value: unknown, prefix = ""): Checked {
  switch (type) {
    case "track":
      return wrap(TrackEvent.safeParse(value), prefix, (call) => ({ type, call }));
    case "identify":
      return wrap(IdentifyEvent.safeParse(value), prefix, (call) => ({ type, call }));
    case "page":
      return wrap(PageEvent.safeParse(value), prefix, (call) => ({ type, call }));
    case "alias":
      return wrap(AliasEvent.safeParse(value), prefix, (call) => ({ type, call }));
  }
}

function wrap<T>(result: z.ZodSafeParseResult<T>, prefix: string, toCall: (value: T) => Call): Checked {
  return result.success ? { ok: true, call: toCall(result.data) } : { ok: false, problems: zodProblems(result.error, prefix) };
}
