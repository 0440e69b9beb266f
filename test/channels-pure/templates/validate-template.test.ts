import { describe, expect, it } from "vitest";
import { readdirSync, readFileSync } from "node:fs";
import { validateTemplate } from "../../../worker/templates/validate-template.ts";

describe("validateTemplate", () => {
  it.each([
    ["email", { channel: "email", subject: "Hi {{ user.first_name }}", html: "<p>x</p>", text: "x" }],
    ["sms", { channel: "sms", body: "Code {{ data.code }}" }],
    ["whatsapp template", { channel: "whatsapp", template: { name: "order_update", language: "en_US", parameters: ["{{ user.first_name }}", "{{ event.properties.order_id }}"] } }],
    ["whatsapp session", { channel: "whatsapp", body: "Hi" }],
    ["web_push", { channel: "web_push", title: "T", body: "B", icon: "/i.png", url: "/cart", actions: [{ action: "open", title: "Open" }], urgency: "high", ttl: 3600 }],
    ["mobile_push", { channel: "mobile_push", title: "T", body: "B", data: { screen: "cart" } }],
    ["in_app", { channel: "in_app", layout: "modal", title: "T", body: "B", buttons: [{ label: "Go", action: "url", value: "/x" }, { label: "No", action: "dismiss" }] }],
    ["web_overlay", { channel: "web_overlay", layout: "slide_in", title: "T", body: "B", display: { delay: "5s" } }],
    ["survey", { channel: "survey", kind: "nps", question: "How likely…?" }],
  ])("accepts a valid %s template", (_, input) => {
    const result = validateTemplate(input);
    expect(result).toMatchObject({ ok: true });
  });

  it("keeps fields it does not know (the SDK's display rules)", () => {
    const result = validateTemplate({ channel: "web_overlay", layout: "banner", title: "T", body: "B", display: { exit_intent: true } });
    expect(result.ok && result.template).toMatchObject({ display: { exit_intent: true } });
  });

  it.each([
    ["not an object", "hello", "", "a template must be a JSON object"],
    ["an unknown channel", { channel: "fax", body: "x" }, "channel", "must be one of"],
    ["an email without subject", { channel: "email", html: "x" }, "subject", ""],
    ["an empty sms body", { channel: "sms", body: "" }, "body", "must not be empty"],
    ["a whatsapp with neither template nor body", { channel: "whatsapp" }, "body", "exactly one"],
    ["a whatsapp with both", { channel: "whatsapp", body: "x", template: { name: "n", language: "en" } }, "body", "exactly one"],
    ["a bad overlay layout", { channel: "in_app", layout: "popup", title: "T", body: "B" }, "layout", ""],
    ["a url button without value", { channel: "in_app", layout: "modal", title: "T", body: "B", buttons: [{ label: "Go", action: "url" }] }, "buttons[0].value", "needs a `value`"],
    ["three push actions", { channel: "web_push", title: "T", body: "B", actions: [1, 2, 3].map((i) => ({ action: `a${i}`, title: "x" })) }, "actions", "at most 2"],
    ["a bad survey kind", { channel: "survey", kind: "ces", question: "Q" }, "kind", ""],
  ])("refuses %s, naming the field", (_, input, path, message) => {
    const result = validateTemplate(input);
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.problems[0]?.path).toBe(path);
    expect(result.problems[0]?.message).toContain(message);
  });

  it.each([
    ["an unclosed tag", { channel: "email", subject: "S", html: "<p>\nline two\n{% if user.vip %}VIP" }, "html", 3],
    ["an unknown filter", { channel: "sms", body: "Hi\n{{ user.first_name | shout }}" }, "body", 2],
    ["an unclosed output", { channel: "web_push", title: "T", body: "B", actions: [{ action: "a", title: "{{ x" }] }, "actions[0].title", 1],
    ["a bad WhatsApp parameter", { channel: "whatsapp", template: { name: "n", language: "en", parameters: ["ok", "{% for %}"] } }, "template.parameters[1]", 1],
  ])("reports %s with the field and the line", (_, input, path, line) => {
    const result = validateTemplate(input);
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.problems).toHaveLength(1);
    expect(result.problems[0]).toMatchObject({ path, line });
    expect(result.problems[0]?.message).toMatch(/^Liquid: /);
  });

  it("accepts every seed template in examples/templates", () => {
    const dir = new URL("../../../examples/templates/", import.meta.url);
    const files = readdirSync(dir).filter((f) => f.endsWith(".json"));
    expect(files.length).toBeGreaterThan(0);
    for (const file of files) {
      const result = validateTemplate(JSON.parse(readFileSync(new URL(file, dir), "utf8")));
      expect({ file, problems: result.ok ? [] : result.problems }).toEqual({ file, problems: [] });
    }
  });
});
