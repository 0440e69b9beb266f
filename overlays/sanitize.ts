/**
 * Turns untrusted message markup into safe DOM nodes. The markup is parsed in an inert document
 * (DOMParser: no script runs, nothing loads) and rebuilt node by node from an allow-list, so no
 * serialised string is ever parsed twice (no mutation-XSS). Unknown elements are unwrapped to their
 * text; script-like elements are dropped with their content; only a few attributes survive, and
 * URLs must be http(s) (links also mailto/tel).
 */
const KEEP = new Set("a b strong i em u s p br ul ol li span small h1 h2 h3 h4 blockquote code pre hr sub sup img".split(" "));
const DROP = new Set("script style template iframe frame frameset object embed noscript noembed title textarea select option math svg head link meta base form input button".split(" "));
const ATTRS: Record<string, string[]> = { a: ["href", "title"], img: ["src", "alt", "width", "height"] };
const URL_ATTRS = new Set(["href", "src"]);

/** `value` as an absolute URL when its scheme is allowed for `attr` on `tag`, else null. */
export function safeUrl(value: string, image = false): string | null {
  try {
    const u = new URL(value, location.href);
    const ok = image ? /^https?:$/.test(u.protocol) : /^(https?|mailto|tel):$/.test(u.protocol);
    return ok ? u.href : null;
  } catch {
    return null;
  }
}

function copy(from: Node, to: Node, doc: Document): void {
  from.childNodes.forEach((n) => {
    if (n.nodeType == 3) to.appendChild(doc.createTextNode(n.textContent ?? ""));
    if (!(n instanceof Element)) return;
    const tag = n.localName;
    if (DROP.has(tag)) return;
    if (!KEEP.has(tag)) return copy(n, to, doc);
    const el = doc.createElement(tag);
    for (const a of ATTRS[tag] ?? []) {
      const raw = n.getAttribute(a);
      const v = raw !== null && URL_ATTRS.has(a) ? safeUrl(raw, tag == "img") : raw;
      if (v !== null) el.setAttribute(a, v);
    }
    if (tag == "a") el.setAttribute("rel", "noopener noreferrer");
    copy(n, el, doc);
    to.appendChild(el);
  });
}

/**
 * Safe nodes for `html`, owned by `doc`.
 * @example el.replaceChildren(sanitize('<b>Hi</b><img src=x onerror=alert(1)>'))  // <b>Hi</b><img src="https://site/x">
 */
export function sanitize(html: string, doc: Document = document): DocumentFragment {
  const out = doc.createDocumentFragment();
  copy(new DOMParser().parseFromString(html, "text/html").body, out, doc);
  return out;
}
