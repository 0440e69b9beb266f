import { describe, expect, it } from "vitest";
import { renderTemplate } from "../../../worker/templates/render-template.ts";
import { templateVars } from "../../../worker/templates/vars.ts";

const vars = templateVars({
  userId: "u1",
  traits: { first_name: "Ada", cart_items: 3, name_html: "<b>Ada</b>" },
  event: { name: "Added To Cart", properties: { name: "Lamp", order_id: "o-9" }, at: Date.UTC(2026, 0, 2, 3, 4, 5) },
  data: { related: { products: [{ name: "Shade", url: "https://shop.test/shade" }] } },
  journey: { id: "cart", version: 2, node: "email", runId: "r1" },
});

describe("renderTemplate", () => {
  it("renders every Liquid field of an email, escaping HTML only in html", async () => {
    const result = await renderTemplate(
      {
        channel: "email",
        subject: "{{ user.name_html }} left {{ event.properties.name }}",
        html: "<p>{{ user.name_html }}</p>{% for p in data.related.products %}<a href=\"{{ p.url }}\">{{ p.name }}</a>{% endfor %}{{ user.name_html | raw }}",
        text: "{{ journey.id }} v{{ journey.version }} at {{ event.at }}",
      },
      vars,
    );
    expect(result).toEqual({
      ok: true,
      rendered: {
        channel: "email",
        subject: "<b>Ada</b> left Lamp",
        html: "<p>&lt;b&gt;Ada&lt;/b&gt;</p><a href=\"https://shop.test/shade\">Shade</a><b>Ada</b>",
        text: "cart v2 at 2026-01-02T03:04:05.000Z",
      },
    });
  });

  it("renders nested fields: WhatsApp parameters, push actions, mobile data, overlay buttons, survey options", async () => {
    const wa = await renderTemplate({ channel: "whatsapp", template: { name: "cart", language: "en_US", parameters: ["{{ user.first_name }}", "{{ user.cart_items }}"] } }, vars);
    expect(wa.ok && wa.rendered).toEqual({ channel: "whatsapp", template: { name: "cart", language: "en_US", parameters: ["Ada", "3"] } });
    const push = await renderTemplate({ channel: "web_push", title: "Hi {{ user.first_name }}", body: "b", actions: [{ action: "open", title: "See {{ event.properties.name }}", url: "/p/{{ event.properties.order_id }}" }] }, vars);
    expect(push.ok && push.rendered).toMatchObject({ title: "Hi Ada", actions: [{ action: "open", title: "See Lamp", url: "/p/o-9" }] });
    const mobile = await renderTemplate({ channel: "mobile_push", title: "t", body: "b", data: { order: "{{ event.properties.order_id }}" } }, vars);
    expect(mobile.ok && mobile.rendered).toMatchObject({ data: { order: "o-9" } });
    const overlay = await renderTemplate({ channel: "in_app", layout: "modal", title: "t", body: "b", buttons: [{ label: "{{ user.first_name }}", action: "event", value: "{{ journey.node }}_clicked" }] }, vars);
    expect(overlay.ok && overlay.rendered).toMatchObject({ layout: "modal", buttons: [{ label: "Ada", action: "event", value: "email_clicked" }] });
    const survey = await renderTemplate({ channel: "survey", kind: "question", question: "{{ user.first_name }}?", options: ["{{ event.properties.name }}", "Other"] }, vars);
    expect(survey.ok && survey.rendered).toMatchObject({ question: "Ada?", options: ["Lamp", "Other"] });
  });

  it("renders a missing variable as empty, and `default` supplies a fallback", async () => {
    const result = await renderTemplate({ channel: "sms", body: "Hi {{ user.nickname }}|{{ user.nickname | default: 'friend' }}" }, vars);
    expect(result).toEqual({ ok: true, rendered: { channel: "sms", body: "Hi |friend" } });
  });

  it.each([
    ["`required` on a missing value", { channel: "sms", body: "Code: {{ data.code | required }}" }, "body", /required value is missing \(line 1, column 7\)/],
    ["a strict template with a missing variable", { channel: "sms", strict: true, body: "Hi {{ user.nickname }}" }, "body", /undefined variable: user.nickname/],
    ["a required field rendering empty", { channel: "email", subject: "{{ user.nothing }}", html: "x" }, "subject", /after rendering: must not be empty/],
    ["an invalid stored template", { channel: "email", html: "x" }, undefined, /^invalid template: subject/],
    ["a syntax error", { channel: "sms", body: "{% if %}" }, "body", /template body: /],
  ])("fails with a reason for %s, without throwing", async (_, template, path, reason) => {
    const result = await renderTemplate(template, vars);
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.reason).toMatch(reason);
    if (path !== undefined) expect(result.path).toBe(path);
  });

  it("does not read inherited properties (no prototype access from templates)", async () => {
    const result = await renderTemplate({ channel: "sms", body: "[{{ user.constructor }}][{{ user.__proto__ }}]" }, vars);
    expect(result).toEqual({ ok: true, rendered: { channel: "sms", body: "[][]" } });
  });
});
