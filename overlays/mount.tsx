/**
 * Shows one message: a `<nudge-overlay>` element at the end of <body> with an open shadow root
 * (page CSS cannot reach in), the Preact view inside, and keyboard handling. Returns `unmount`.
 */
import { render } from "preact";
import type { MessageFrame } from "../sdk/protocol.ts";
import { trapFocus } from "./focus-trap.ts";
import { isModal, MessageView, type OverlayHandlers } from "./message-view.tsx";
import { CSS } from "./styles.ts";

export interface MountOptions {
  role?: "dialog" | "alertdialog";
}

/**
 * Renders `message` and wires `handlers`; Escape and the close button call `onDismiss`.
 * @example const unmount = mount({ type: "message", id: "m1", layout: "modal", title: "Hi" }, handlers)
 */
export function mount(message: MessageFrame, handlers: OverlayHandlers, o: MountOptions = {}): () => void {
  const host = document.createElement("nudge-overlay");
  host.setAttribute("data-id", message.id);
  const root = host.attachShadow({ mode: "open" });
  const style = document.createElement("style");
  style.textContent = CSS;
  // Preact owns `box` only: rendering into the root itself would remove the <style>.
  const box = document.createElement("div");
  root.append(style, box);
  document.body.append(host);
  render(<MessageView message={message} role={o.role ?? "dialog"} {...handlers} />, box);
  const card = root.querySelector<HTMLElement>(".card");
  const release = card ? trapFocus(root, card, () => handlers.onDismiss(), isModal(message)) : () => {};
  let done = false;
  return () => {
    if (done) return;
    done = true;
    release();
    render(null, box);
    host.remove();
  };
}
