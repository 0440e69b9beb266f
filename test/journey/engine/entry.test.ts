import { describe, expect, it } from "vitest";
import { decideEntry, type PriorEntry } from "../../../worker/journey/engine/entry.ts";
import type { Journey } from "../../../worker/journey/schema/journey.ts";
import { event, journey, t } from "./helpers.ts";

const NOW = t("2024-06-10T10:00:00Z");
const DAY = 86_400_000;
const def = (entry?: Journey["entry"]): Journey => journey({ e: { type: "end" } }, entry === undefined ? {} : { entry });
const ended = (key: string, daysAgo: number): PriorEntry => ({ key, enteredAt: NOW - daysAgo * DAY, active: false });
const active = (key: string, daysAgo: number): PriorEntry => ({ key, enteredAt: NOW - daysAgo * DAY, active: true });

describe("decideEntry", () => {
  it.each<[string, Journey["entry"], Record<string, unknown>, PriorEntry[], ReturnType<typeof decideEntry>]>([
    ["never (default), first time", undefined, {}, [], { enter: true, key: "" }],
    ["never (default), entered before", undefined, {}, [ended("", 300)], { enter: false, reason: "already entered once (reentry: never)" }],
    ["never, entered before with another key", { reentry: "never", key: "cart_id" }, { cart_id: "c2" }, [ended("c1", 3)], { enter: false, reason: "already entered once (reentry: never)" }],
    ["always, previous run ended", { reentry: "always" }, {}, [ended("", 0)], { enter: true, key: "" }],
    ["always, a run is still active", { reentry: "always" }, {}, [active("", 0)], { enter: false, reason: "already active" }],
    ["always, active run for another key", { reentry: "always", key: "cart_id" }, { cart_id: "c2" }, [active("c1", 0)], { enter: true, key: "c2" }],
    ["always, active run for the same key", { reentry: "always", key: "cart_id" }, { cart_id: "c1" }, [active("c1", 0)], { enter: false, reason: 'already active for cart_id "c1"' }],
    ["key is stringified", { reentry: "always", key: "loan" }, { loan: 42 }, [], { enter: true, key: "42" }],
    ["a missing key property gives key \"\"", { reentry: "always", key: "loan" }, {}, [active("42", 0)], { enter: true, key: "" }],
    ["after 7d, last entry 8 days ago", { reentry: { after: "7d" } }, {}, [ended("", 20), ended("", 8)], { enter: true, key: "" }],
    ["after 7d, exactly 7 days ago", { reentry: { after: "7d" } }, {}, [ended("", 7)], { enter: true, key: "" }],
    ["after 7d, last entry 3 days ago", { reentry: { after: "7d" } }, {}, [ended("", 20), ended("", 3)], { enter: false, reason: "entered less than 7d ago (reentry after 7d)" }],
    ["after 7d, recent entry only under another key", { reentry: { after: "7d" }, key: "k" }, { k: "b" }, [ended("a", 1), ended("b", 9)], { enter: true, key: "b" }],
    ["after 7d, first entry for this key", { reentry: { after: "7d" }, key: "k" }, { k: "c" }, [ended("a", 1)], { enter: true, key: "c" }],
  ])("%s", (_label, entry, properties, prior, expected) => {
    expect(decideEntry(def(entry), event("Go", NOW, properties), prior, NOW)).toEqual(expected);
  });

  it("after uses calendar days in the user's zone", () => {
    // Entered 2024-03-09 12:00 New York (EST); one calendar day later is 2024-03-10 12:00 EDT = 16:00Z, 23h later.
    const entered = t("2024-03-09T17:00:00Z");
    const d = def({ reentry: { after: "1d" } });
    const prior = [{ key: "", enteredAt: entered, active: false }];
    expect(decideEntry(d, event("Go", 0), prior, t("2024-03-10T16:00:00Z"), "America/New_York")).toEqual({ enter: true, key: "" });
    expect(decideEntry(d, event("Go", 0), prior, t("2024-03-10T16:00:00Z"), "UTC").enter).toBe(false);
  });
});
