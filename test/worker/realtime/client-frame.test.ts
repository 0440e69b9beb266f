/** What a browser may send on the socket, and the error each bad frame gets back. */
import { describe, expect, it } from "vitest";
import { parseClientFrame } from "../../../worker/user/realtime/client-frame.ts";

describe("parseClientFrame", () => {
  it.each([
    ['{"type":"pong"}', { type: "pong" }],
    ['{"type":"ack","id":"dlv_8f2"}', { type: "ack", id: "dlv_8f2" }],
    ['{"type":"ack","id":"dlv_8f2","extra":true}', { type: "ack", id: "dlv_8f2" }],
  ])("accepts %s", (text, frame) => {
    expect(parseClientFrame(text)).toEqual({ ok: true, frame });
  });

  it.each([
    ["hello", "bad_json"],
    ["null", "bad_frame"],
    ['"pong"', "bad_frame"],
    ['{"type":"ping"}', "bad_frame"],
    ['{"type":"ack","id":""}', "bad_frame"],
    ['{"type":"ack","id":42}', "bad_frame"],
    [`{"type":"ack","id":"${"x".repeat(600)}"}`, "bad_frame"],
    [" ".repeat(5000), "too_large"],
  ])("refuses %s with %s", (text, code) => {
    const parsed = parseClientFrame(text);
    expect(parsed.ok).toBe(false);
    if (!parsed.ok) expect(parsed.error).toMatchObject({ type: "error", code, message: expect.any(String) });
  });

  it("refuses binary frames", () => {
    expect(parseClientFrame(new ArrayBuffer(4))).toMatchObject({ ok: false, error: { code: "binary_frame" } });
  });
});
