import { expect, test } from "vitest";
import { safeUrl, sanitize } from "../../overlays/sanitize.ts";

const clean = (html: string): string => {
  const div = document.createElement("div");
  div.append(sanitize(html));
  return div.innerHTML;
};

test.each([
  ["plain text stays", "Hello & welcome", "Hello &amp; welcome"],
  ["allowed formatting stays, attributes go", '<b onclick="steal()" style="color:red" class="x">bold</b> <em>it</em>', "<b>bold</b> <em>it</em>"],
  ["script elements vanish with their content", "<script>window.pwned=1</script>hi", "hi"],
  ["event handler attributes vanish", '<img src="https://cdn.example/a.png" onerror="window.pwned=1">', '<img src="https://cdn.example/a.png">'],
  ["javascript: links lose their href", '<a href="javascript:window.pwned=1">x</a>', '<a rel="noopener noreferrer">x</a>'],
  ["obfuscated javascript: (case, spaces, tab entity) too", '<a href=" JaVa&#x09;ScRiPt:alert(1)">x</a>', '<a rel="noopener noreferrer">x</a>'],
  ["data: images lose their src", '<img src="data:image/svg+xml,<svg onload=alert(1)>">', "<img>"],
  ["web links stay, with rel=noopener", '<a href="https://shop.example/sale" title="Sale">Sale</a>', '<a href="https://shop.example/sale" title="Sale" rel="noopener noreferrer">Sale</a>'],
  ["mailto links stay", '<a href="mailto:help@shop.example">mail</a>', '<a href="mailto:help@shop.example" rel="noopener noreferrer">mail</a>'],
  ["svg with script is dropped whole", "ok<svg><script>alert(1)</script><a href=javascript:alert(1)>x</a></svg>", "ok"],
  ["iframes, objects, embeds, styles, forms are dropped", '<iframe srcdoc="<script>alert(1)</script>"></iframe><object data=x></object><embed src=x><style>*{display:none}</style><form action=https://evil><input name=p></form>ok', "ok"],
  ["unknown elements are unwrapped to their text", '<div><font color=red>Big</font> <marquee>news</marquee></div>', "Big news"],
  ["mutation-XSS through noscript cannot come back", '<noscript><p title="</noscript><img src=x onerror=alert(1)>"></noscript>', ""],
  ["comments are dropped", "a<!-- <script>alert(1)</script> -->b", "ab"],
  ["nested allowed lists stay", "<ul><li>One</li><li><b>Two</b></li></ul>", "<ul><li>One</li><li><b>Two</b></li></ul>"],
])("%s", (_, html, expected) => {
  expect(clean(html)).toBe(expected);
});

test("relative image URLs are made absolute against the page", () => {
  expect(clean('<img src="/img/tee.png" alt="Tee">')).toBe(`<img src="${location.origin}/img/tee.png" alt="Tee">`);
});

test.each([
  ["https://a.example/x", false, "https://a.example/x"],
  ["/relative", false, `${location.origin}/relative`],
  ["tel:+123", false, "tel:+123"],
  ["tel:+123", true, null],
  ["javascript:alert(1)", false, null],
  ["vbscript:x", false, null],
  ["http://[bad", false, null],
])("safeUrl(%j, image=%s) → %j", (url, image, out) => {
  expect(safeUrl(url, image)).toBe(out);
});
