import { describe, expect, it } from "vitest";
import { looseEquals, show, toNumber } from "../../../worker/journey/filter/compare.ts";

describe("toNumber", () => {
  it.each<[unknown, number | null]>([
    [42, 42],
    ["42", 42],
    [" -3.5 ", -3.5],
    ["+7", 7],
    [".5", 0.5],
    ["1e3", 1000],
    ["0x10", null],
    ["Infinity", null],
    ["", null],
    ["  ", null],
    ["12px", null],
    [Number.NaN, null],
    [Number.POSITIVE_INFINITY, null],
    [true, null],
    [null, null],
    [[1], null],
  ])("%j → %j", (value, expected) => {
    expect(toNumber(value)).toBe(expected);
  });
});

describe("looseEquals", () => {
  it.each<[unknown, unknown, boolean]>([
    [1, 1, true],
    [1, "1", true],
    ["1.0", 1, true],
    ["1", "1.0", false], // two strings compare as text
    [true, "true", true],
    ["True", true, true],
    [false, "0", false],
    [true, 1, false],
    ["a", "a", true],
    [null, null, false],
    [{}, {}, false],
    [[1], [1], false],
    [Number.NaN, Number.NaN, false],
  ])("%j vs %j → %s", (a, b, expected) => {
    expect(looseEquals(a, b)).toBe(expected);
    expect(looseEquals(b, a)).toBe(expected);
  });
});

describe("show", () => {
  it.each<[unknown, string]>([
    [undefined, "missing"],
    [null, "null"],
    [3, "3"],
    [false, "false"],
    ["pro", '"pro"'],
    [["a", 1], '["a",1]'],
    ["x".repeat(100), `"${"x".repeat(56)}...`],
    [10n, "[unprintable]"],
  ])("%s", (value, expected) => {
    expect(show(value)).toBe(expected);
  });
});
