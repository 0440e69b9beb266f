/**
 * Every route the Worker serves (worker/app.ts, worker/routes/*.ts), as the OpenAPI document
 * publishes it. A JSON body names the very zod schema its route validates with, so the document
 * cannot describe another input than the one checked. test/worker/routes/openapi.test.ts fails
 * when a served route is missing here, or a route listed here is not served.
 */
import type { z } from "zod";
import { ChannelSettings } from "../channels/settings.ts";
import { DeliveryPolicy } from "../delivery/policy/schema.ts";
import { IdentitySettings } from "../identity/settings.ts";
import { Journey } from "../journey/schema/journey.ts";
import { Segment } from "../journey/schema/segment.ts";
import { Template } from "../templates/index.ts";
import { WebhookSecrets } from "../webhooks/secrets.ts";
import { AliasEvent } from "./schemas/alias.ts";
import { Batch } from "./schemas/batch.ts";
import { EnterJourney } from "./schemas/enter-journey.ts";
import { GeofenceInput } from "./schemas/geofence.ts";
import { IdentifyEvent } from "./schemas/identify.ts";
import { MessageEventBody } from "./schemas/message-event.ts";
import { PageEvent } from "./schemas/page.ts";
import { DeletePushSubscription, SavePushSubscription } from "./schemas/push-subscription.ts";
import { SimulateRequest } from "./schemas/simulate.ts";
import { TrackEvent } from "./schemas/track.ts";

/**
 * Who may call: `event` write or secret key (Basic, Bearer, or `writeKey` in the JSON body);
 * `event-query` the same, or `?writeKey=` (the SDK's GET calls); `secret` the secret key;
 * `signature` the provider's signature or a signed token, checked by the route; `none` anyone.
 */
export type Auth = "event" | "event-query" | "secret" | "signature" | "none";

/** `json`: validated by `schema`; `csv`: a CSV file (text/csv or multipart); `provider`: the provider's own format. */
export type RequestBody = { type: "json"; schema: z.ZodType } | { type: "csv" } | { type: "provider" };

export interface RouteDoc {
  method: "get" | "post" | "put" | "delete";
  /** OpenAPI form: `{name}` for each path parameter. */
  path: string;
  summary: string;
  auth: Auth;
  body?: RequestBody;
  /** Optional query parameters the route reads (required ones are listed in `requiredQuery`). */
  query?: readonly string[];
  requiredQuery?: readonly string[];
}

/** Schemas routes validate with that carry no `.meta({ id })` of their own: the id they are published under. */
export const UNNAMED_SCHEMAS: ReadonlyArray<readonly [z.ZodType, string]> = [
  [Template, "Template"],
  [ChannelSettings, "ChannelSettings"],
];

const json = (schema: z.ZodType): RequestBody => ({ type: "json", schema });
const SDK_USER = ["userId", "anonymousId", "userHash"] as const;
const IMPORT_OPTIONS = ["journey", "mapping", "types", "dryRun", "delimiter", "key", "phonePrefix"] as const;

/** Segment's call types: long path, short alias, schema. */
const EVENT_CALLS = [
  ["track", "t", "Record an event", TrackEvent],
  ["identify", "i", "Identify a user and set traits", IdentifyEvent],
  ["page", "p", "Record a page view", PageEvent],
  ["alias", "a", "Link a previous id to a user id", AliasEvent],
] as const;

const EVENTS: RouteDoc[] = EVENT_CALLS.flatMap(([long, short, summary, schema]): RouteDoc[] => [
  { method: "post", path: `/v1/${long}`, summary: `${summary} (short path /v1/${short})`, auth: "event", body: json(schema) },
  { method: "post", path: `/v1/${short}`, summary: `Segment's short path for /v1/${long}`, auth: "event", body: json(schema) },
]);

const SDK: RouteDoc[] = [
  { method: "post", path: "/v1/batch", summary: "Send many calls; per-item results", auth: "event", body: json(Batch) },
  { method: "get", path: "/v1/push/vapid-public-key", summary: "The workspace's VAPID public key for web push", auth: "event-query" },
  { method: "post", path: "/v1/push/subscriptions", summary: "Store a browser's web push subscription", auth: "event", body: json(SavePushSubscription) },
  { method: "delete", path: "/v1/push/subscriptions", summary: "Remove a web push subscription", auth: "event", body: json(DeletePushSubscription) },
  { method: "post", path: "/v1/messages/{id}/events", summary: "Report a message shown, clicked, dismissed or answered", auth: "event", body: json(MessageEventBody) },
  { method: "get", path: "/v1/connect", summary: "WebSocket (Upgrade: websocket) for live in-app and overlay messages; 426 without it", auth: "event-query", query: SDK_USER },
  { method: "get", path: "/v1/inbox", summary: "Pending in-app and overlay messages, highest priority first", auth: "event-query", query: SDK_USER },
  { method: "get", path: "/v1/geofences", summary: "The workspace's geofences for the SDK", auth: "event-query" },
];

const CALLBACKS: RouteDoc[] = [
  { method: "get", path: "/v1/webhooks/whatsapp", summary: "Meta's webhook subscription handshake (echoes hub.challenge)", auth: "signature", query: ["workspace"], requiredQuery: ["hub.mode", "hub.verify_token", "hub.challenge"] },
  { method: "post", path: "/v1/webhooks/{provider}", summary: "Provider callback (resend, sendgrid, postmark, twilio, whatsapp), verified by its signature", auth: "signature", body: { type: "provider" }, query: ["workspace"] },
  { method: "get", path: "/v1/unsubscribe", summary: "Unsubscribe link: HTML confirmation page", auth: "signature", requiredQuery: ["token"] },
  { method: "post", path: "/v1/unsubscribe", summary: "Unsubscribe (the confirmation page's form, or one-click)", auth: "signature", requiredQuery: ["token"] },
];

const JOURNEYS: RouteDoc[] = [
  { method: "get", path: "/v1/admin/journeys", summary: "List journeys", auth: "secret" },
  { method: "put", path: "/v1/admin/journeys/{id}", summary: "Store a validated draft", auth: "secret", body: json(Journey) },
  { method: "get", path: "/v1/admin/journeys/{id}", summary: "Draft, status and versions", auth: "secret" },
  { method: "post", path: "/v1/admin/journeys/{id}/publish", summary: "Publish the draft as a new immutable version", auth: "secret" },
  { method: "post", path: "/v1/admin/journeys/{id}/pause", summary: "Stop new entries", auth: "secret" },
  { method: "post", path: "/v1/admin/journeys/{id}/resume", summary: "Take entries again", auth: "secret" },
  { method: "post", path: "/v1/admin/journeys/{id}/archive", summary: "End every run", auth: "secret" },
  { method: "get", path: "/v1/admin/journeys/{id}/stats", summary: "Per-node counters", auth: "secret", query: ["version"] },
  { method: "post", path: "/v1/admin/journeys/{id}/enter", summary: "Enter one user (manual trigger)", auth: "secret", body: json(EnterJourney) },
];

/** Segments, templates and geofences share one shape (worker/routes/admin-library.ts). */
const LIBRARY: RouteDoc[] = (
  [
    ["segments", "segment", Segment],
    ["templates", "template", Template],
    ["geofences", "geofence", GeofenceInput],
  ] as const
).flatMap(([plural, kind, schema]): RouteDoc[] => [
  { method: "get", path: `/v1/admin/${plural}`, summary: `List ${plural}`, auth: "secret" },
  { method: "put", path: `/v1/admin/${plural}/{id}`, summary: `Store a ${kind}${kind === "segment" ? " (starts a membership backfill)" : ""}`, auth: "secret", body: json(schema) },
  { method: "get", path: `/v1/admin/${plural}/{id}`, summary: `Read a ${kind}${kind === "segment" ? ", its live member count and backfill progress" : ""}`, auth: "secret" },
  { method: "delete", path: `/v1/admin/${plural}/{id}`, summary: `Delete a ${kind} (409 while a published journey uses it)`, auth: "secret" },
]);

const USERS: RouteDoc[] = [
  { method: "get", path: "/v1/admin/users/{id}", summary: "Profile, segments and active runs", auth: "secret" },
  { method: "get", path: "/v1/admin/users/{id}/messages", summary: "Message log, oldest first", auth: "secret" },
  { method: "get", path: "/v1/admin/users/{id}/trace", summary: "Why the user did or did not get a message", auth: "secret" },
  { method: "delete", path: "/v1/admin/users/{id}", summary: "Erase everything stored for the user and their merged visitors", auth: "secret" },
  { method: "post", path: "/v1/admin/simulate", summary: "Dry-run a journey on a profile and a timeline", auth: "secret", body: json(SimulateRequest) },
  { method: "post", path: "/v1/admin/_bench/ping", summary: "Benchmark baseline: one Worker → user object round trip, no journey work", auth: "secret", query: ["slot"] },
];

const SETTINGS: RouteDoc[] = [
  { method: "get", path: "/v1/admin/settings/identity", summary: "Whether identity verification is on (never the secret)", auth: "secret" },
  { method: "put", path: "/v1/admin/settings/identity", summary: "Turn identity verification on or off; answers the secret", auth: "secret", body: json(IdentitySettings) },
  ...(
    [
      ["channels", "Channel providers and credentials", ChannelSettings],
      ["policy", "Delivery policy: frequency caps, quiet hours", DeliveryPolicy],
      ["webhooks", "Provider callback secrets", WebhookSecrets],
    ] as const
  ).flatMap(([kind, what, schema]): RouteDoc[] => [
    { method: "get", path: `/v1/admin/settings/${kind}`, summary: `${what} (secrets masked)`, auth: "secret" },
    { method: "put", path: `/v1/admin/settings/${kind}`, summary: `Replace: ${what.toLowerCase()}`, auth: "secret", body: json(schema) },
  ]),
  { method: "post", path: "/v1/admin/imports", summary: "Import users from a CSV file (text/csv, or the `file` field of a multipart form)", auth: "secret", body: { type: "csv" }, query: IMPORT_OPTIONS },
  { method: "get", path: "/v1/admin/imports", summary: "The workspace's imports, newest first", auth: "secret", query: ["cursor", "limit"] },
  { method: "get", path: "/v1/admin/imports/{id}", summary: "An import's status, counters and per-row errors", auth: "secret", query: ["after", "limit"] },
];

const OTHER: RouteDoc[] = [
  { method: "get", path: "/health", summary: "Liveness", auth: "none" },
  { method: "get", path: "/v1/openapi.json", summary: "This document", auth: "none" },
];

/** Every served route, in the order the document lists them. */
export const ROUTES: readonly RouteDoc[] = [...EVENTS, ...SDK, ...CALLBACKS, ...JOURNEYS, ...LIBRARY, ...USERS, ...SETTINGS, ...OTHER];
