/**
 * Event → User Durable Object → journey → outbox → dev sink, read back through the admin API:
 * the message log contract, version pinning across a publish, manual entry, pause and archive.
 */
import { describe, expect, it } from "vitest";
import { admin, send } from "./api.ts";
import { emailTemplate, sendJourney, waitThenSendJourney } from "./fixtures.ts";

interface Message {
  journey: string;
  version: number;
  node: string;
  channel: string;
  template: string;
  status: string;
  reason?: string;
  at: string;
}
type Profile = { runs: { journeyId: string; version: number; waiting: { node: string } | null }[] };

const messages = async (userId: string): Promise<Message[]> => (await admin<{ messages: Message[] }>("GET", `/users/${userId}/messages`)).body.messages;

async function publish(journey: object & { id: string }, templates: string[]): Promise<void> {
  for (const t of templates) expect((await admin("PUT", `/templates/${t}`, emailTemplate(t))).status).toBeLessThan(300);
  expect((await admin("PUT", `/journeys/${journey.id}`, journey)).status).toBeLessThan(300);
  expect((await admin("POST", `/journeys/${journey.id}/publish`)).status).toBeLessThan(300);
}

describe("track → message log", () => {
  it("sends the journey's email and logs it in the exact contract shape", async () => {
    await publish(sendJourney("flow-welcome", "Flow Signed Up", "flow-welcome-email"), ["flow-welcome-email"]);
    await send("/identify", { userId: "flow-u1", traits: { email: "ada@example.com", first_name: "Ada" } });
    const before = Date.now();
    expect((await send("/track", { userId: "flow-u1", event: "Flow Signed Up" })).status).toBe(200);

    const log = await messages("flow-u1");
    expect(log).toHaveLength(1);
    const [entry] = log;
    expect(entry).toMatchObject({ journey: "flow-welcome", version: 1, node: "email", channel: "email", template: "flow-welcome-email", status: "sent" });
    expect(entry?.at).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/);
    expect(Date.parse(entry?.at ?? "")).toBeGreaterThanOrEqual(before - 1000);
  });

  it("answers an unknown user's profile with 404 and an empty message log", async () => {
    expect((await admin("GET", "/users/flow-nobody")).status).toBe(404);
    expect(await messages("flow-nobody")).toEqual([]);
  });

  it("erases a user on DELETE", async () => {
    await send("/identify", { userId: "flow-erase", traits: { email: "e@example.com" } });
    expect((await admin("DELETE", "/users/flow-erase")).status).toBe(200);
    expect((await admin("GET", "/users/flow-erase")).status).toBe(404);
  });

  it("returns the trace", async () => {
    await publish(sendJourney("flow-traced", "Flow Traced", "flow-traced-email"), ["flow-traced-email"]);
    await send("/track", { userId: "flow-u2", event: "Flow Traced" });
    const trace = await admin<{ trace: { journeyId: string | null }[] }>("GET", "/users/flow-u2/trace");
    expect(trace.status).toBe(200);
    expect(trace.body.trace.some((t) => t.journeyId === "flow-traced")).toBe(true);
  });
});

describe("version pinning", () => {
  it("finishes a run on the version it started with; new runs take the new version", async () => {
    await publish(waitThenSendJourney("flow-pin", "Flow Pin Start", "flow-pin-v1"), ["flow-pin-v1", "flow-pin-v2"]);
    await send("/identify", { userId: "flow-old", traits: { email: "old@example.com" } });
    await send("/track", { userId: "flow-old", event: "Flow Pin Start" });
    const waiting = await admin<Profile>("GET", "/users/flow-old");
    expect(waiting.body.runs).toEqual([expect.objectContaining({ journeyId: "flow-pin", version: 1, waiting: expect.objectContaining({ node: "wait_go" }) })]);

    await admin("PUT", "/journeys/flow-pin", waitThenSendJourney("flow-pin", "Flow Pin Start", "flow-pin-v2"));
    expect((await admin<{ version: number }>("POST", "/journeys/flow-pin/publish")).body.version).toBe(2);

    await send("/track", { userId: "flow-old", event: "Go" });
    expect((await messages("flow-old")).map((m) => [m.version, m.template])).toEqual([[1, "flow-pin-v1"]]);

    await send("/identify", { userId: "flow-new", traits: { email: "new@example.com" } });
    await send("/track", { userId: "flow-new", event: "Flow Pin Start" });
    await send("/track", { userId: "flow-new", event: "Go" });
    expect((await messages("flow-new")).map((m) => [m.version, m.template])).toEqual([[2, "flow-pin-v2"]]);
  });
});

describe("pause and archive reach users", () => {
  it("a paused journey takes no new entries; resumed, it does again", async () => {
    await publish(sendJourney("flow-pause", "Flow Pause", "flow-pause-email"), ["flow-pause-email"]);
    await send("/identify", { userId: "flow-p", traits: { email: "p@example.com" } });
    await admin("POST", "/journeys/flow-pause/pause");
    await send("/track", { userId: "flow-p", event: "Flow Pause" });
    expect(await messages("flow-p")).toEqual([]);
    await admin("POST", "/journeys/flow-pause/resume");
    await send("/track", { userId: "flow-p", event: "Flow Pause" });
    expect(await messages("flow-p")).toHaveLength(1);
  });

  it("archiving ends a waiting run (at the user's next input at the latest)", async () => {
    await publish(waitThenSendJourney("flow-arch", "Flow Arch", "flow-arch-email"), ["flow-arch-email"]);
    await send("/identify", { userId: "flow-a", traits: { email: "a@example.com" } });
    await send("/track", { userId: "flow-a", event: "Flow Arch" });
    expect((await admin<Profile>("GET", "/users/flow-a")).body.runs).toHaveLength(1);
    expect((await admin("POST", "/journeys/flow-arch/archive")).status).toBe(200);
    await send("/track", { userId: "flow-a", event: "Go" });
    expect((await admin<Profile>("GET", "/users/flow-a")).body.runs).toEqual([]);
    expect(await messages("flow-a")).toEqual([]);
  });
});

describe("POST /v1/admin/journeys/{id}/enter", () => {
  it("enters a user into a manual journey", async () => {
    await admin("PUT", "/templates/flow-manual-email", emailTemplate("flow-manual-email"));
    const journey = { ...sendJourney("flow-manual", "unused", "flow-manual-email"), trigger: { type: "manual" } };
    await admin("PUT", "/journeys/flow-manual", journey);
    await admin("POST", "/journeys/flow-manual/publish");
    await send("/identify", { userId: "flow-m", traits: { email: "m@example.com" } });
    const res = await admin<{ entered: boolean; runId?: string }>("POST", "/journeys/flow-manual/enter", { userId: "flow-m", properties: { source: "csv" } });
    expect(res.status).toBe(200);
    expect(res.body.entered).toBe(true);
    expect((await messages("flow-m")).map((m) => m.template)).toEqual(["flow-manual-email"]);
  });

  it.each([
    ["an unknown journey", "/journeys/flow-none/enter", { userId: "u" }, 404],
    ["a body without userId", "/journeys/flow-manual/enter", { properties: {} }, 400],
  ])("answers %s", async (_, path, body, status) => {
    expect((await admin("POST", path, body)).status).toBe(status);
  });

  it("refuses entries into a paused journey (409)", async () => {
    await admin("PUT", "/templates/flow-mp-email", emailTemplate("flow-mp-email"));
    await admin("PUT", "/journeys/flow-mp", { ...sendJourney("flow-mp", "unused", "flow-mp-email"), trigger: { type: "manual" } });
    await admin("POST", "/journeys/flow-mp/publish");
    await admin("POST", "/journeys/flow-mp/pause");
    expect((await admin("POST", "/journeys/flow-mp/enter", { userId: "u" })).status).toBe(409);
  });
});
