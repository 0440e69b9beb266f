/** The dev sink prints each send, but no more than DEV_SINK_LINES_PER_SECOND lines a second. */
import { describe, expect, it } from "vitest";
import { DEV_SINK_LINES_PER_SECOND, createLinePrinter } from "../../../worker/user/outbox/dev-sink-performer.ts";

describe("dev sink line printer", () => {
  it("prints every line of a quiet second", () => {
    const out: string[] = [];
    const print = createLinePrinter((l) => out.push(l), 3);
    print("a", 1_000);
    print("b", 1_500);
    print("c", 2_100);
    expect(out).toEqual(["a", "b", "c"]);
  });

  it("past the limit, counts the rest and says how many at the next line", () => {
    const out: string[] = [];
    const print = createLinePrinter((l) => out.push(l), 2);
    for (let i = 0; i < 7; i++) print(`send ${i}`, 10_000 + i * 10);
    expect(out).toEqual(["send 0", "send 1"]);
    print("later", 11_000);
    expect(out).toEqual(["send 0", "send 1", "[nudge] … and 5 more (every send is in its user's message log)", "later"]);
  });

  it("defaults to a limit a developer can read", () => {
    const out: string[] = [];
    const print = createLinePrinter((l) => out.push(l));
    for (let i = 0; i < 100; i++) print(`send ${i}`, 5_000);
    expect(out).toHaveLength(DEV_SINK_LINES_PER_SECOND);
    expect(DEV_SINK_LINES_PER_SECOND).toBeLessThanOrEqual(50);
  });
});
