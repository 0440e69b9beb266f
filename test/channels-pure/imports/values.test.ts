/** Cell values: automatic and explicit types, e-mail addresses and phone numbers. */
import { describe, expect, it } from "vitest";
import { checkEmail, checkPhone } from "../../../worker/imports/mapping/contact-values.ts";
import { typedValue } from "../../../worker/imports/mapping/typed-value.ts";
import type { ColumnType } from "../../../worker/imports/options.ts";

describe("auto typing", () => {
  it.each([
    ["42", 42],
    ["-3.5", -3.5],
    ["1e3", 1000],
    ["0", 0],
    ["0.25", 0.25],
    [" 7 ", 7],
    ["007", "007"],
    ["4111111111111111", "4111111111111111"],
    ["+33", "+33"],
    ["1,000", "1,000"],
    ["TRUE", true],
    ["false", false],
    ["yes", "yes"],
    ["2026-05-01", "2026-05-01"],
    ["2026-02-30", "2026-02-30"],
    ["2026-05-01T10:00", "2026-05-01T10:00"],
    ["2026-05-01T10:00:00+02:00", "2026-05-01T08:00:00.000Z"],
    ["2026-05-01 10:00:00Z", "2026-05-01T10:00:00.000Z"],
    ["2026-05-01T25:00Z", "2026-05-01T25:00Z"],
    ["Ada Lovelace", "Ada Lovelace"],
  ])("%j → %j", (raw, expected) => {
    expect(typedValue(raw, "auto")).toEqual({ ok: true, value: expected });
  });

  it.each<ColumnType>(["auto", "string", "number", "integer", "boolean", "date"])("an empty cell leaves the trait alone (%s)", (type) => {
    expect(typedValue("", type)).toEqual({ ok: true, value: undefined });
  });
});

describe("explicit types", () => {
  it.each<[string, ColumnType, unknown]>([
    ["007", "string", "007"],
    [" padded ", "string", " padded "],
    ["42", "string", "42"],
    ["007", "number", 7],
    ["+1.5", "number", 1.5],
    ["12", "integer", 12],
    ["yes", "boolean", true],
    ["N", "boolean", false],
    ["0", "boolean", false],
    ["2026-05-01", "date", "2026-05-01"],
    ["2026-05-01T09:30:00-0500", "date", "2026-05-01T14:30:00.000Z"],
  ])("%j as %s → %j", (raw, type, value) => {
    expect(typedValue(raw, type)).toEqual({ ok: true, value });
  });

  it.each<[string, ColumnType, RegExp]>([
    ["abc", "number", /"abc" is not a number/],
    ["1.5", "integer", /not a whole number/],
    ["maybe", "boolean", /not true\/false/],
    ["May 1st", "date", /not an ISO date/],
    ["2026-02-30", "date", /not an ISO date/],
  ])("%j as %s is refused", (raw, type, reason) => {
    const result = typedValue(raw, type);
    expect(result.ok).toBe(false);
    expect(result.ok ? "" : result.reason).toMatch(reason);
  });
});

describe("e-mail", () => {
  it.each([
    ["ada@example.com", "ada@example.com"],
    ["  Ada.L@Example.COM ", "Ada.L@example.com"],
    ["a+tag@sub.example.co.uk", "a+tag@sub.example.co.uk"],
  ])("%j → %j", (raw, value) => {
    expect(checkEmail(raw)).toEqual({ ok: true, value });
  });

  it.each(["ada", "ada@", "@example.com", "ada@example", "ada@@example.com", "ada lovelace@example.com", "ada@example.c"])("%j is refused", (raw) => {
    expect(checkEmail(raw)).toEqual({ ok: false, reason: `"${raw}" is not an e-mail address` });
  });
});

describe("phone", () => {
  it.each<[string, string | null, string]>([
    ["+1 (415) 555-0100", null, "+14155550100"],
    ["0044 20 7946 0958", null, "+442079460958"],
    ["+33 6.12.34.56.78", null, "+33612345678"],
    ["020 7946 0958", "+44", "+442079460958"],
    ["4155550100", "+1", "+14155550100"],
  ])("%j (prefix %s) → %s", (raw, prefix, value) => {
    expect(checkPhone(raw, prefix)).toEqual({ ok: true, value });
  });

  it.each<[string, string | null, RegExp]>([
    ["call me", null, /is not a phone number/],
    ["+1 415 555 0100 ext 12", null, /is not a phone number/],
    ["4155550100", null, /no calling code/],
    ["+1 555", null, /not a valid international number/],
    ["+1234567890123456", null, /not a valid international number/],
    ["1+415", null, /"\+" in the middle/],
    ["---", null, /is not a phone number/],
  ])("%j is refused", (raw, prefix, reason) => {
    const result = checkPhone(raw, prefix);
    expect(result.ok).toBe(false);
    expect(result.ok ? "" : result.reason).toMatch(reason);
  });
});
