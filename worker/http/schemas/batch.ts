/**
 * POST /v1/batch: many calls in one request. The envelope is validated here; each item is then
 * validated on its own with its type's schema (`EVENT_SCHEMAS`), so one bad item is reported in
 * its result and never drops the others.
 */
import { z } from "zod";
import { AliasEvent } from "./alias.ts";
import { commonShape } from "./common.ts";
import { IdentifyEvent } from "./identify.ts";
import { PageEvent } from "./page.ts";
import { TrackEvent } from "./track.ts";

export const EVENT_SCHEMAS = { track: TrackEvent, identify: IdentifyEvent, page: PageEvent, alias: AliasEvent } as const;
export type EventType = keyof typeof EVENT_SCHEMAS;

export const Batch = z
  .object({
    /** Each item is a track/identify/page/alias call with its `type`. */
    batch: z.array(z.unknown()).min(1),
    /** Merged under each item's own `context`. */
    context: commonShape.context,
    integrations: commonShape.integrations,
    /** Applies to items without their own `sentAt`. */
    sentAt: commonShape.sentAt,
    writeKey: commonShape.writeKey,
  })
  .meta({ id: "Batch", description: "Segment-spec batch: up to 500 KB, 32 KB per item." });
export type Batch = z.infer<typeof Batch>;
