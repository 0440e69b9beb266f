/** Small catalog documents for route tests (ids are made unique per test by `suffix`). */

export function emailTemplate(id: string, subject = "Welcome!") {
  return { id, channel: "email", subject, html: "<p>Hi {{ user.first_name | default: 'there' }}</p>" };
}

/** Trigger `event` → email `template` → end. */
export function sendJourney(id: string, event: string, template: string) {
  return {
    id,
    name: `Send ${template} on ${event}`,
    trigger: { type: "event", event },
    entry: { reentry: "always" },
    start: "email",
    nodes: {
      email: { type: "send", channel: "email", template, next: "end" },
      end: { type: "end" },
    },
  };
}

/** Trigger `event` → wait for `Go` (1 day) → email `template` → end. */
export function waitThenSendJourney(id: string, event: string, template: string) {
  return {
    id,
    name: `Wait then send ${template}`,
    trigger: { type: "event", event },
    start: "wait_go",
    nodes: {
      wait_go: { type: "wait_for_event", event: "Go", timeout: "1d", next: "email", timeout_next: "end" },
      email: { type: "send", channel: "email", template, next: "end" },
      end: { type: "end" },
    },
  };
}

/** A segment of users whose `plan` is "pro". */
export function proSegment(id: string) {
  return { id, name: "Pro users", where: { attribute: "plan", op: "eq", value: "pro" } };
}
