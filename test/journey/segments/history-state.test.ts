import { describe, expect, it } from "vitest";
import { addedSince, historyState } from "../../../worker/journey/segments/history-state.ts";
import type { UserEvent } from "../../../worker/journey/types.ts";

const T = Date.parse("2026-03-02T09:00:00Z");
const ev = (id: string, minutes: number): UserEvent => ({ name: "Order Completed", properties: {}, at: T + minutes * 60_000, id });
const a = ev("a", 0), b = ev("b", 10), c = ev("c", 20), c2 = ev("c2", 20), d = ev("d", 30), early = ev("early", 5);

/** What a segment pass learns from the event store between two passes. */
const cases: { name: string; before: UserEvent[]; after: UserEvent[]; added: string[] | null }[] = [
  { name: "nothing new", before: [a, b], after: [a, b], added: [] },
  { name: "newer events appended", before: [a, b], after: [a, b, c, d], added: ["c", "d"] },
  { name: "a second event at the newest instant", before: [a, b, c], after: [a, b, c, c2], added: ["c2"] },
  { name: "the first events of the name", before: [], after: [a], added: ["a"] },
  { name: "the oldest pruned (retention)", before: [a, b], after: [b], added: null },
  { name: "the oldest pruned while a newer one came in (same count)", before: [a, b], after: [b, c], added: null },
  { name: "an event back-dated before the newest", before: [a, b], after: [a, early, b], added: null },
  { name: "a back-dated event while the oldest is pruned (same count, same newest)", before: [a, b], after: [early, b], added: null },
];

describe("addedSince", () => {
  it.each(cases)("$name", ({ before, after, added }) => {
    const found = addedSince(historyState(before), historyState(after), after);
    expect(found === null ? null : found.map((e) => e.id)).toEqual(added);
  });

  it("the state is independent of the order of events at the same instant", () => {
    expect(historyState([a, c, c2])).toEqual(historyState([a, c2, c]));
  });
});
