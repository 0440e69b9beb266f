/**
 * The pages behind unsubscribe links: `GET` shows a confirmation with a one-button form (link
 * scanners open every link, so a GET never unsubscribes); `POST` (the button, or a mail client's
 * RFC 8058 one-click) does it and says so. Plain, self-contained HTML. Pure.
 */

const CHANNEL_WORDS: Record<string, string> = { email: "e-mails", sms: "text messages", whatsapp: "WhatsApp messages" };

function page(title: string, body: string): string {
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1">
<meta name="robots" content="noindex"><title>${title}</title>
<style>body{font:16px/1.5 system-ui,sans-serif;max-width:32rem;margin:4rem auto;padding:0 1rem;color:#222}button{font:inherit;padding:.6rem 1.2rem;border:0;border-radius:.4rem;background:#222;color:#fff;cursor:pointer}</style>
</head><body>${body}</body></html>`;
}

function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

/** The confirmation page; the form posts back to the same link. */
export function confirmPage(channel: string, token: string): string {
  const what = CHANNEL_WORDS[channel] ?? "messages";
  return page("Unsubscribe", `<h1>Unsubscribe</h1><p>Stop receiving marketing ${what} from us?</p>
<form method="post" action="?token=${encodeURIComponent(token)}"><button type="submit">Unsubscribe</button></form>`);
}

/** Shown after the unsubscribe. */
export function donePage(channel: string): string {
  return page("Unsubscribed", `<h1>You are unsubscribed</h1><p>You will no longer receive marketing ${CHANNEL_WORDS[channel] ?? "messages"} from us.</p>`);
}

/** Shown for a broken or forged link. */
export function invalidPage(reason: string): string {
  return page("Link not valid", `<h1>This link is not valid</h1><p>${escapeHtml(reason)}</p>`);
}
