/**
 * Archiving reaches users who never come back: the FANOUT queue pages through the users recorded
 * from STATS `entered` deltas and ends their runs at once (no input from the user needed).
 */
import { env } from "cloudflare:workers";
import { createMessageBatch } from "cloudflare:test";
import { describe, expect, it } from "vitest";
import { consumeQueue, STATS_QUEUE } from "../../../worker/catalog/queue-consumer.ts";
import { admin, send } from "./api.ts";
import { emailTemplate, waitThenSendJourney } from "./fixtures.ts";

type Profile = { runs: { journeyId: string }[] };

describe("archive fan-out", () => {
  it("ends a parked run of a user recorded as entered, without any new input", async () => {
    await admin("PUT", "/templates/fan-email", emailTemplate("fan-email"));
    await admin("PUT", "/journeys/fan-j", waitThenSendJourney("fan-j", "Fan Start", "fan-email"));
    await admin("POST", "/journeys/fan-j/publish");
    await send("/track", { userId: "fan-u", event: "Fan Start" });
    expect((await admin<Profile>("GET", "/users/fan-u")).body.runs).toHaveLength(1);

    // What the object's STATS delta says when it carries its name (the optional `user` field).
    const entered = { workspace: "demo", journeyId: "fan-j", version: 1, node: null, kind: "entered", at: Date.now(), user: "demo:fan-u" };
    await consumeQueue(createMessageBatch(STATS_QUEUE, [{ id: "s1", timestamp: new Date(), attempts: 1, body: entered }]), env);

    expect((await admin<{ status: string }>("POST", "/journeys/fan-j/archive")).body.status).toBe("archived");
    let runs: Profile["runs"] = [{ journeyId: "fan-j" }];
    for (let i = 0; i < 60 && runs.length > 0; i++) {
      await new Promise((r) => setTimeout(r, 250));
      runs = (await admin<Profile>("GET", "/users/fan-u")).body.runs;
    }
    expect(runs).toEqual([]);
  });
});
