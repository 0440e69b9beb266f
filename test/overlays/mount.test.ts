import { afterEach, describe, expect, test, vi } from "vitest";
import { mount } from "../../overlays/index.ts";
import type { Layout, MessageFrame } from "../../sdk/protocol.ts";

const handlers = () => ({ onButton: vi.fn(), onDismiss: vi.fn(), onAnswer: vi.fn() });
const message = (o: Partial<MessageFrame> = {}): MessageFrame => ({
  type: "message",
  id: "msg-1",
  layout: "modal",
  title: "Summer sale",
  body: "Everything 20% off",
  buttons: [
    { id: "shop", label: "Shop now", url: "/sale" },
    { id: "later", label: "Later" },
  ],
  ...o,
});
const root = (): ShadowRoot => {
  const r = document.querySelector("nudge-overlay")?.shadowRoot;
  if (!r) throw new Error("no overlay mounted");
  return r;
};
const $ = <T extends Element = HTMLElement>(sel: string): T => {
  const el = root().querySelector<T>(sel);
  if (!el) throw new Error(`no ${sel}`);
  return el;
};
const key = (k: string, shift = false): void => {
  const target = root().activeElement ?? document.body;
  target.dispatchEvent(new KeyboardEvent("keydown", { key: k, shiftKey: shift, bubbles: true, composed: true, cancelable: true }));
};

let unmounts: (() => void)[] = [];
afterEach(() => {
  unmounts.forEach((u) => u());
  unmounts = [];
  document.body.innerHTML = "";
});
const show = (m: MessageFrame, h = handlers(), o = {}) => {
  unmounts.push(mount(m, h, o));
  return h;
};

describe("layouts", () => {
  test.each<[Layout, boolean]>([
    ["modal", true],
    ["fullscreen", true],
    ["banner", false],
    ["slide_in", false],
  ])("%s renders in an open shadow root with the right ARIA (modal: %s)", (layout, modal) => {
    show(message({ layout }));
    const card = $(".card");
    expect($(".wrap").className).toBe(`wrap ${layout}`);
    expect(card.getAttribute("role")).toBe("dialog");
    expect(card.getAttribute("aria-modal")).toBe(String(modal));
    expect(card.getAttribute("aria-labelledby")).toBe("t");
    expect($("#t").textContent).toBe("Summer sale");
    expect($("#b").textContent).toBe("Everything 20% off");
    expect([...root().querySelectorAll(".btns button")].map((b) => [b.textContent, b.className])).toEqual([
      ["Shop now", "primary"],
      ["Later", "secondary"],
    ]);
    expect(root().querySelector("style")?.textContent).toContain(":host{all:initial!important;display:block!important}");
  });

  test("alertdialog role on request (the push soft prompt)", () => {
    show(message(), handlers(), { role: "alertdialog" });
    expect($(".card").getAttribute("role")).toBe("alertdialog");
  });

  test("a text body shows markup literally", () => {
    show(message({ body: "<b>not bold</b><img src=x onerror=alert(1)>" }));
    expect($("#b").textContent).toBe("<b>not bold</b><img src=x onerror=alert(1)>");
    expect($("#b").querySelector("b, img")).toBeNull();
  });

  test("an html body is sanitized", () => {
    show(message({ html: true, body: '<b>bold</b><script>window.pwned=1</script><img src="https://cdn.example/p.png" onerror="window.pwned=1">' }));
    expect($("#b").innerHTML).toBe('<b>bold</b><img src="https://cdn.example/p.png">');
  });

  test("an unsafe image URL is not rendered", () => {
    show(message({ imageUrl: "javascript:alert(1)" }));
    expect(root().querySelector("img")).toBeNull();
  });

  test("unmount removes the overlay and is idempotent", () => {
    const un = mount(message(), handlers());
    un();
    un();
    expect(document.querySelector("nudge-overlay")).toBeNull();
  });
});

describe("actions", () => {
  test("buttons, the close button, Escape and the backdrop", () => {
    const h = show(message());
    $("#btn-shop").click();
    expect(h.onButton).toHaveBeenCalledWith({ id: "shop", label: "Shop now", url: "/sale" });
    $(".x").click();
    key("Escape");
    $(".wrap").click(); // the backdrop of a modal
    expect(h.onDismiss).toHaveBeenCalledTimes(3);
    $(".card").click(); // inside the card: not the backdrop
    expect(h.onDismiss).toHaveBeenCalledTimes(3);
  });

  test("a slide-in has no backdrop to click", () => {
    const h = show(message({ layout: "slide_in" }));
    $(".wrap").click();
    expect(h.onDismiss).not.toHaveBeenCalled();
  });
});

describe("focus", () => {
  test("a modal takes focus, traps Tab and Shift+Tab, and gives focus back on close", () => {
    const before = document.createElement("button");
    document.body.append(before);
    before.focus();
    const un = mount(message(), handlers());
    expect(root().activeElement?.id).toBe("btn-shop");
    key("Tab", true); // from the first: wraps to the last (close)
    expect(root().activeElement?.className).toBe("x");
    key("Tab"); // from the last: wraps to the first
    expect(root().activeElement?.id).toBe("btn-shop");
    un();
    expect(document.activeElement).toBe(before);
  });

  test("banner and slide-in do not steal focus", () => {
    const input = document.createElement("input");
    document.body.append(input);
    input.focus();
    show(message({ layout: "banner" }));
    show(message({ layout: "slide_in", id: "msg-2" }));
    expect(document.activeElement).toBe(input);
  });
});

describe("surveys", () => {
  test("NPS offers 0–10 and answers with the score, then thanks", async () => {
    const h = show(message({ buttons: undefined, survey: { type: "nps", question: "How likely are you to recommend us?" } }));
    const buttons = [...root().querySelectorAll<HTMLButtonElement>(".scale button")];
    expect(buttons.map((b) => b.textContent)).toEqual(["0", "1", "2", "3", "4", "5", "6", "7", "8", "9", "10"]);
    expect(buttons[9]?.getAttribute("aria-label")).toBe("9 of 10");
    buttons[9]?.click();
    expect(h.onAnswer).toHaveBeenCalledWith({ score: 9 });
    await new Promise((r) => setTimeout(r, 0)); // Preact renders state changes asynchronously
    expect($("[role=status]").textContent).toBe("Thank you!");
  });

  test("CSAT offers 1–5", () => {
    const h = show(message({ survey: { type: "csat", question: "How was checkout?" } }));
    const buttons = [...root().querySelectorAll<HTMLButtonElement>(".scale button")];
    expect(buttons.map((b) => b.getAttribute("aria-label"))).toEqual(["1 of 5", "2 of 5", "3 of 5", "4 of 5", "5 of 5"]);
    buttons[4]?.click();
    expect(h.onAnswer).toHaveBeenCalledWith({ score: 5 });
  });

  test("a multiple-choice question answers with the option", () => {
    const h = show(message({ survey: { type: "question", question: "What brought you here?", options: ["Search", "A friend"] } }));
    [...root().querySelectorAll<HTMLButtonElement>(".btns button")][1]?.click();
    expect(h.onAnswer).toHaveBeenCalledWith({ answer: "A friend" });
  });

  test("an open question answers with the typed text, not with blanks", () => {
    const h = show(message({ survey: { type: "question", question: "Anything missing?" } }));
    const area = $<HTMLTextAreaElement>("textarea");
    $<HTMLFormElement>("form").dispatchEvent(new Event("submit", { cancelable: true }));
    expect(h.onAnswer).not.toHaveBeenCalled();
    area.value = "  Gift wrapping  ";
    $<HTMLFormElement>("form").dispatchEvent(new Event("submit", { cancelable: true }));
    expect(h.onAnswer).toHaveBeenCalledWith({ answer: "Gift wrapping" });
  });
});
