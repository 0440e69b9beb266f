/**
 * Workspace settings behind the admin API (`/v1/admin/settings/{channels,policy,webhooks}`):
 * validate, keep stored secrets the client sent back masked, store in D1, publish the runtime
 * snapshot. Reads come back with secrets masked. Results are tagged unions; the route maps them
 * to HTTP.
 */
import { readChannelSettings } from "../channels/channel-settings.ts";
import { zodProblems } from "../http/zod-problems.ts";
import { DeliveryPolicy } from "../delivery/policy/schema.ts";
import { WebhookSecrets } from "../webhooks/secrets.ts";
import { hasMask, maskSecrets, unmaskSecrets } from "./mask-secrets.ts";
import { getSettingsDocs, putSettingsDoc, withSettingsSchema } from "./settings-store.ts";
import { publishRuntimeSettings, type SettingsEnv } from "./workspace-settings.ts";

/** The settings the admin API edits. */
export type EditableSettings = "channels" | "policy" | "webhooks";

export interface SettingsProblem {
  path: string;
  code: string;
  message: string;
}

export type PutSettingsResult = { type: "saved"; settings: unknown } | { type: "invalid"; problems: SettingsProblem[] };

/** Checks `input` as settings of `kind`; the valid value to store, or every problem by path. Pure. */
export function checkSettings(kind: EditableSettings, input: unknown): { ok: true; value: unknown } | { ok: false; problems: SettingsProblem[] } {
  if (kind === "channels") {
    const { settings, problems } = readChannelSettings(input);
    if (problems.length > 0) return { ok: false, problems: problems.map((p) => ({ path: p.path, code: "invalid_channel_settings", message: p.message })) };
    return { ok: true, value: settings };
  }
  const schema = kind === "policy" ? DeliveryPolicy : WebhookSecrets.strict();
  const parsed = schema.safeParse(input);
  if (parsed.success) return { ok: true, value: parsed.data };
  return { ok: false, problems: zodProblems(parsed.error) };
}

/** The stored settings of `kind` with secrets masked; `{}` when none were stored. */
export async function getSettings(env: SettingsEnv, workspace: string, kind: EditableSettings): Promise<{ settings: unknown; updatedAt: number | null }> {
  const db = env.CATALOG_DB;
  const docs = await withSettingsSchema(db, () => getSettingsDocs(db, workspace));
  const doc = docs[kind];
  return { settings: maskSecrets(doc?.body ?? {}), updatedAt: doc?.updatedAt ?? null };
}

/**
 * Validates and stores the settings of `kind` (replacing them whole), records `origin` as the
 * public URL for links, and republishes the runtime snapshot.
 */
export async function putSettings(env: SettingsEnv, workspace: string, kind: EditableSettings, input: unknown, origin: string | null, now: number): Promise<PutSettingsResult> {
  const db = env.CATALOG_DB;
  const docs = await withSettingsSchema(db, () => getSettingsDocs(db, workspace));
  const restored = unmaskSecrets(input, docs[kind]?.body);
  if (hasMask(restored)) {
    return { type: "invalid", problems: [{ path: maskedPath(restored), code: "masked_secret", message: "a masked secret that matches no stored value: send the secret itself" }] };
  }
  const checked = checkSettings(kind, restored);
  if (!checked.ok) return { type: "invalid", problems: checked.problems };
  await withSettingsSchema(db, async () => {
    await putSettingsDoc(db, workspace, kind, checked.value, now);
    if (origin !== null) await putSettingsDoc(db, workspace, "site", { publicUrl: origin }, now);
  });
  await publishRuntimeSettings(env, workspace);
  return { type: "saved", settings: maskSecrets(checked.value) };
}

function maskedPath(value: unknown, path: string[] = []): string {
  if (typeof value === "object" && value !== null) {
    for (const [name, inner] of Object.entries(value)) {
      if (hasMask(inner)) return maskedPath(inner, [...path, name]);
    }
  }
  return path.join(".");
}
