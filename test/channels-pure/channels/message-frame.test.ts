import { describe, expect, it } from "vitest";
import { toMessageFrame } from "../../../worker/channels/message-frame.ts";

describe("toMessageFrame", () => {
  it("maps an overlay to the SDK's MessageFrame: image, button ids and urls, rules", () => {
    const frame = toMessageFrame(
      {
        key: "r1:7",
        userId: "u1",
        channel: "web_overlay",
        kind: "message",
        content: {
          channel: "web_overlay",
          layout: "slide_in",
          title: "15% off",
          body: "Use LOOK15",
          image: "https://shop.test/l.png",
          buttons: [
            { label: "Shop now", action: "url", value: "https://shop.test/p/1" },
            { label: "Remind me", action: "event", value: "Reminder Requested" },
            { label: "No thanks", action: "dismiss" },
          ],
          rules: { delayMs: 5000, exitIntent: true },
          priority: 2,
        },
      },
      { journey: "window-shoppers", template: "window-shopper-overlay" },
    );
    expect(frame).toEqual({
      type: "message",
      id: "r1:7",
      channel: "web_overlay",
      journey: "window-shoppers",
      template: "window-shopper-overlay",
      layout: "slide_in",
      title: "15% off",
      body: "Use LOOK15",
      imageUrl: "https://shop.test/l.png",
      buttons: [
        { id: "button-0", label: "Shop now", url: "https://shop.test/p/1" },
        { id: "Reminder Requested", label: "Remind me" },
        { id: "button-2", label: "No thanks" },
      ],
      rules: { delayMs: 5000, exitIntent: true },
      priority: 2,
    });
  });

  it("maps a survey to a modal with the survey block", () => {
    expect(toMessageFrame({ key: "k", userId: "u1", channel: "in_app", kind: "survey", content: { channel: "survey", kind: "question", question: "Why?", options: ["Price", "Other"] } })).toEqual({
      type: "message",
      id: "k",
      channel: "in_app",
      layout: "modal",
      survey: { type: "question", question: "Why?", options: ["Price", "Other"] },
    });
  });
});
