/**
 * Keyboard handling for an overlay in a shadow root: Escape closes it; for a modal, Tab and
 * Shift+Tab cycle inside it, focus moves in on open and returns to where it was on close.
 */
const FOCUSABLE = 'a[href],button:not([disabled]),input:not([disabled]),textarea:not([disabled]),select,[tabindex]:not([tabindex="-1"])';

/** Starts handling keys for `box` (inside `root`); returns the function that stops it. */
export function trapFocus(root: ShadowRoot, box: HTMLElement, onEscape: () => void, modal: boolean): () => void {
  const before = document.activeElement;
  const list = (): HTMLElement[] => Array.from(box.querySelectorAll<HTMLElement>(FOCUSABLE));
  const onKey = (e: Event): void => {
    if (!(e instanceof KeyboardEvent)) return;
    if (e.key == "Escape") {
      e.preventDefault();
      onEscape();
    }
    if (e.key != "Tab" || !modal) return;
    const items = list();
    const active = root.activeElement;
    const edge = e.shiftKey ? items[0] : items[items.length - 1];
    if (!items.length || !active || active == edge || !box.contains(active)) {
      e.preventDefault();
      (e.shiftKey ? items[items.length - 1] : items[0])?.focus();
    }
  };
  // A modal listens on the document: a click on its backdrop moves focus out of the shadow root.
  const target: Document | ShadowRoot = modal ? document : root;
  target.addEventListener("keydown", onKey, true);
  if (modal) list()[0]?.focus();
  return () => {
    target.removeEventListener("keydown", onKey, true);
    if (modal && before instanceof HTMLElement) before.focus();
  };
}
