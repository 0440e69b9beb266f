import { z } from "zod";
import { Channel, SurveyChannel } from "./channels.ts";
import { Duration, Offset } from "./duration.ts";
import { CountRule, Filter } from "./filter.ts";
import { KeyScope } from "./key-scope.ts";

const NodeId = z.string().min(1);
const Weekday = z.enum(["mon", "tue", "wed", "thu", "fri", "sat", "sun"]);
const Clock = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'a local time "HH:MM"');
/** A JSON value sent in a request body; string leaves are Liquid templates. */
const Json = z.unknown();

export const WaitNode = z.object({ type: z.literal("wait"), duration: Duration, next: NodeId }).strict();

export const WaitUntilNode = z
  .object({
    type: z.literal("wait_until"),
    /** An ISO date/time, or a date relative to a profile attribute holding a date. */
    date: z.union([
      z.iso.datetime({ offset: true }).or(z.iso.date()),
      z.object({ attribute: z.string().min(1), offset: Offset.optional() }).strict(),
    ]),
    /** The local time of day used when the date has no time (default "00:00" in the user's zone). */
    at: z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/).optional(),
    /** If the date is already past: `continue` goes on to `next` at once, `skip` ends the run. Default `continue`. */
    if_past: z.enum(["continue", "skip"]).optional(),
    next: NodeId,
  })
  .strict();

export const WaitForEventNode = z
  .object({
    type: z.literal("wait_for_event"),
    event: z.string().min(1),
    where: Filter.optional(),
    timeout: Duration,
    /** In a journey with `entry.key`: `same` (default) or `any` key value (see KeyScope). */
    key: KeyScope.optional(),
    next: NodeId,
    timeout_next: NodeId,
  })
  .strict();

export const TimeWindow = z
  .object({ days: z.array(Weekday).min(1).optional(), from: Clock, to: Clock })
  .strict()
  .meta({ id: "TimeWindow", description: "Local time window in the user's time zone; to < from spans midnight." });

export const WaitForTimeSlotNode = z
  .object({
    type: z.literal("wait_for_time_slot"),
    mode: z.enum(["best_time", "window"]),
    /** Required for `window`; for `best_time` it bounds the learned hour (optional). */
    window: TimeWindow.optional(),
    /** Never wait longer than this; the run goes on when it elapses. */
    max_wait: Duration.optional(),
    next: NodeId,
  })
  .strict();

export const EndNode = z.object({ type: z.literal("end") }).strict();

export const InSegmentNode = z
  .object({ type: z.literal("in_segment"), segment: z.string().min(1), yes: NodeId, no: NodeId })
  .strict();

export const HasDoneEventNode = z
  .object({
    type: z.literal("has_done_event"),
    event: z.string().min(1),
    where: Filter.optional(),
    /** Only events in this window before now count. Default: the whole history. */
    within: Duration.optional(),
    /** Default `{ "op": "gte", "value": 1 }`. */
    count: CountRule.optional(),
    yes: NodeId,
    no: NodeId,
  })
  .strict();

export const CheckAttributeNode = z
  .object({ type: z.literal("check_attribute"), where: Filter, yes: NodeId, no: NodeId })
  .strict();

export const IsReachableNode = z
  .object({ type: z.literal("is_reachable"), channel: Channel, yes: NodeId, no: NodeId })
  .strict();

export const SplitNode = z
  .object({
    type: z.literal("split"),
    branches: z.array(z.object({ weight: z.number().positive(), next: NodeId }).strict()).min(2),
  })
  .strict();

export const SendNode = z
  .object({
    type: z.literal("send"),
    channel: Channel,
    template: z.string().min(1),
    /** Transactional sends are exempt from frequency caps and quiet hours. */
    transactional: z.boolean().optional(),
    /** Profile attribute holding the address to use instead of the default (e.g. "parent_phone"). */
    to: z.string().min(1).optional(),
    next: NodeId,
  })
  .strict();

export const SurveyNode = z
  .object({ type: z.literal("survey"), template: z.string().min(1), channel: SurveyChannel, next: NodeId })
  .strict();

export const UpdateAttributeNode = z
  .object({
    type: z.literal("update_attribute"),
    attribute: z.string().min(1),
    set: Json.optional(),
    /** A number adds to a numeric attribute; a signed duration ("30d") moves a date attribute. */
    increment: z.union([z.number(), Offset]).optional(),
    unset: z.literal(true).optional(),
    next: NodeId,
  })
  .strict();

const HttpMethod = z.enum(["GET", "POST", "PUT", "PATCH", "DELETE"]);

export const FetchDataNode = z
  .object({
    type: z.literal("fetch_data"),
    url: z.string().min(1),
    method: HttpMethod.optional(),
    headers: z.record(z.string(), z.string()).optional(),
    body: Json.optional(),
    /** Later nodes and templates read the result as `data.<store_as>`. */
    store_as: z.string().regex(/^[A-Za-z_][A-Za-z0-9_]*$/, "an identifier"),
    timeout: Duration.optional(),
    on_error: z.enum(["continue", "end"]),
    next: NodeId,
  })
  .strict();

export const WebhookNode = z
  .object({
    type: z.literal("webhook"),
    url: z.string().min(1),
    method: HttpMethod.optional(),
    headers: z.record(z.string(), z.string()).optional(),
    body: Json.optional(),
    next: NodeId,
  })
  .strict();

export const AudienceNode = z
  .object({
    type: z.literal("audience"),
    provider: z.enum(["facebook", "google"]),
    audience: z.string().min(1),
    op: z.enum(["add", "remove"]),
    next: NodeId,
  })
  .strict();

export const JourneyNode = z
  .discriminatedUnion("type", [
    WaitNode, WaitUntilNode, WaitForEventNode, WaitForTimeSlotNode, EndNode, InSegmentNode, HasDoneEventNode,
    CheckAttributeNode, IsReachableNode, SplitNode, SendNode, SurveyNode, UpdateAttributeNode, FetchDataNode,
    WebhookNode, AudienceNode,
  ])
  .meta({ id: "JourneyNode" });
export type JourneyNode = z.infer<typeof JourneyNode>;
export type NodeType = JourneyNode["type"];
export type NodeOf<T extends NodeType> = Extract<JourneyNode, { type: T }>;
