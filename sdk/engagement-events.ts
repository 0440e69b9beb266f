/**
 * The engagement events the browser tracks for the user (through `/v1/batch`), so journeys can
 * `wait_for_event` on them. Used by the service worker (push) and the in-app chunk; never by the
 * core. The worker names the same moments the same way (worker/delivery/engagement/
 * engagement-event.ts: "<Channel> <Verb>"); test/sdk/engagement-names.test.ts keeps the two equal.
 * In-app messages and web overlays share names, as web and mobile push do: the event's `channel`
 * property tells them apart.
 */

/** Push notifications, from the service worker: shown, clicked (body or action), dismissed (closed unclicked). */
export const PUSH_EVENTS = { shown: "Push Shown", clicked: "Push Clicked", dismissed: "Push Dismissed" } as const;

/** In-app messages and web overlays: shown, a button clicked, dismissed (×, Escape, backdrop). */
export const IN_APP_EVENTS = { shown: "In-App Shown", clicked: "In-App Clicked", dismissed: "In-App Dismissed" } as const;

/** A survey (in-app or overlay) was answered: properties `survey`, `question`, `score` | `answer`. */
export const SURVEY_ANSWERED = "Survey Answered";
