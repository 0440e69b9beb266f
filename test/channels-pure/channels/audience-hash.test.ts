import { describe, expect, it } from "vitest";
import { batches, normalizeEmail, normalizePhoneDigits, normalizePhoneE164, sha256Hex } from "../../../worker/channels/audience-hash.ts";

// SHA-256 values computed independently (coreutils sha256sum) of the normalised strings.
const SHA = {
  "test@example.com": "973dfe463ec85785f5f95af5ba3906eedb2d931c24e69824a89ea65dba4e813b",
  "ada.lovelace@example.com": "e814ff3dc480a94c7ce9334062ec4733c75a002f4bcec0197f62ffea64059e2f",
  "14155550100": "5e7ec4c79ccac6e420876e65ad0e6b4b2ccf73ec3dccb50297bf2890a1ec73b9",
  "+14155550100": "40d3f4e02db27d66cf4cfdda506c2c945f115a7955cc8491dda98ce5beabcda0",
  "447911123456": "40b5c38342a9c584ec707e8679b003f8c779c6aaa138c976ef94e049cc05208f",
  "+447911123456": "20b18ac9de7b3aad174961827d8e451c410af9aedfd1d699927f4b29b81aa1fa",
};

describe("audience identifiers", () => {
  it.each([
    ["  Test@Example.COM ", "test@example.com"],
    ["Ada.Lovelace@example.com", "ada.lovelace@example.com"],
    ["not-an-email", undefined],
    ["", undefined],
    [undefined, undefined],
  ])("normalizes the e-mail %j to %j", (input, out) => {
    expect(normalizeEmail(input)).toBe(out);
  });

  it.each([
    ["+1 (415) 555-0100", "14155550100", "+14155550100"],
    ["0044 7911 123456", "447911123456", "+447911123456"],
    ["+44-7911-123456", "447911123456", "+447911123456"],
    ["12345", undefined, undefined],
    ["phone", undefined, undefined],
  ])("normalizes the phone %j to %j (Meta) and %j (Google)", (input, digits, e164) => {
    expect(normalizePhoneDigits(input)).toBe(digits);
    expect(normalizePhoneE164(input)).toBe(e164);
  });

  it.each(Object.entries(SHA))("hashes %j to its known SHA-256", async (text, sha) => {
    expect(await sha256Hex(text)).toBe(sha);
  });

  it("hashes the normalised form, so spelling variants match", async () => {
    expect(await sha256Hex(normalizeEmail(" TEST@example.com") ?? "")).toBe(SHA["test@example.com"]);
    expect(await sha256Hex(normalizePhoneDigits("+1 415 555 0100") ?? "")).toBe(SHA["14155550100"]);
  });

  it("splits into batches of at most the limit", () => {
    expect(batches([1, 2, 3, 4, 5], 2)).toEqual([[1, 2], [3, 4], [5]]);
    expect(batches([], 2)).toEqual([]);
  });
});
