/**
 * E-mail address formatting shared by the e-mail adapters: "Name <addr>" in and out. Pure.
 */

export interface Mailbox {
  email: string;
  name?: string;
}

/** Splits "Name <addr@example.com>" (or a bare address) into its parts. Pure. */
export function parseMailbox(text: string): Mailbox {
  const match = /^\s*"?([^"<]*?)"?\s*<([^<>]+)>\s*$/.exec(text);
  if (match === null) return { email: text.trim() };
  const name = (match[1] ?? "").trim();
  const email = (match[2] ?? "").trim();
  return name === "" ? { email } : { email, name };
}

/** "Name <addr>", quoting the name when it holds characters with a meaning in headers. Pure. */
export function formatMailbox(box: Mailbox): string {
  if (box.name === undefined || box.name === "") return box.email;
  const name = /[",;<>@()[\]\\:]/.test(box.name) ? `"${box.name.replace(/["\\]/g, "\\$&")}"` : box.name;
  return `${name} <${box.email}>`;
}
