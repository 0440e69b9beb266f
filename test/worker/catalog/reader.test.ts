/**
 * createCatalogReader: what a User DO sees of the catalog — the publish is visible in the same
 * isolate at once, other writes after the TTL; immutable versions are cached for good; KV is
 * rebuilt from D1 when it has nothing (fresh deployment).
 */
import { env } from "cloudflare:workers";
import { beforeEach, describe, expect, it } from "vitest";
import { clearCatalogCaches } from "../../../worker/catalog/isolate-cache.ts";
import { liveKey, templateKey, versionKey } from "../../../worker/catalog/kv-keys.ts";
import { createCatalogReader } from "../../../worker/catalog/reader.ts";
import { liveTtl } from "../../../worker/catalog/snapshot.ts";
import type { LiveCatalog } from "../../../worker/catalog/types.ts";
import { admin } from "../routes/api.ts";
import { emailTemplate, sendJourney } from "../routes/fixtures.ts";

const WS = "demo";

async function publish(id: string, template: string, event = "E"): Promise<void> {
  await admin("PUT", `/templates/${template}`, emailTemplate(template));
  expect((await admin("PUT", `/journeys/${id}`, sendJourney(id, event, template))).status).toBeLessThan(300);
  expect((await admin("POST", `/journeys/${id}/publish`)).status).toBeLessThan(300);
}

beforeEach(() => clearCatalogCaches());

describe("live()", () => {
  it("sees a publish made in the same isolate at once", async () => {
    const reader = createCatalogReader(env);
    const before = await reader.live(WS);
    await publish("rd-now", "rd-now-t");
    const after = await reader.live(WS);
    expect(after.version).not.toBe(before.version);
    expect(after.journeys.find((j) => j.id === "rd-now")).toMatchObject({ version: 1, status: "active" });
  });

  it("trusts its cached snapshot until the TTL, without reading KV", async () => {
    const reader = createCatalogReader({ ...env, NUDGE_CATALOG_TTL_MS: "600000" });
    const cached = await reader.live(WS);
    const other: LiveCatalog = { version: "from-another-isolate", journeys: [], segments: [], geofences: [] };
    await env.CATALOG_KV.put(liveKey(WS), JSON.stringify(other));
    expect((await reader.live(WS)).version).toBe(cached.version);
    clearCatalogCaches();
    expect((await reader.live(WS)).version).toBe("from-another-isolate");
  });

  it("caches for 5 s when NUDGE_CATALOG_TTL_MS is unset or blank (not 0: every event would read KV)", async () => {
    for (const ttl of [undefined, "", " "]) {
      clearCatalogCaches();
      const reader = createCatalogReader({ ...env, NUDGE_CATALOG_TTL_MS: ttl });
      const cached = await reader.live(WS);
      await env.CATALOG_KV.put(liveKey(WS), JSON.stringify({ version: `elsewhere-${String(ttl)}`, journeys: [], segments: [], geofences: [] }));
      expect((await reader.live(WS)).version).toBe(cached.version);
    }
    expect(liveTtl({})).toBe(5_000);
    expect(liveTtl({ NUDGE_CATALOG_TTL_MS: "250" })).toBe(250);
    clearCatalogCaches();
  });

  it("re-reads KV once the TTL has passed", async () => {
    const reader = createCatalogReader({ ...env, NUDGE_CATALOG_TTL_MS: "0" });
    await reader.live(WS);
    await env.CATALOG_KV.put(liveKey(WS), JSON.stringify({ version: "newer", journeys: [], segments: [], geofences: [] }));
    expect((await reader.live(WS)).version).toBe("newer");
  });

  it("rebuilds the snapshot from D1 when KV has none (and writes it back)", async () => {
    await publish("rd-d1", "rd-d1-t");
    await env.CATALOG_KV.delete(liveKey(WS));
    clearCatalogCaches();
    const live = await createCatalogReader(env).live(WS);
    expect(live.journeys.map((j) => j.id)).toContain("rd-d1");
    expect(await env.CATALOG_KV.get(liveKey(WS), "json")).toEqual(live);
  });

  it("answers an empty catalog for a workspace with nothing published", async () => {
    const live = await createCatalogReader(env).live("rd-empty-ws");
    expect(live).toMatchObject({ journeys: [], segments: [], geofences: [] });
  });
});

describe("journeyVersion()", () => {
  it("caches published versions for good and finds later ones (misses are not cached)", async () => {
    await publish("rd-ver", "rd-ver-t", "First");
    const reader = createCatalogReader(env);
    expect((await reader.journeyVersion(WS, "rd-ver", 1))?.trigger).toEqual({ type: "event", event: "First" });
    expect(await reader.journeyVersion(WS, "rd-ver", 2)).toBeNull();

    await env.CATALOG_KV.put(versionKey(WS, "rd-ver", 1), JSON.stringify({ tampered: true }));
    expect((await reader.journeyVersion(WS, "rd-ver", 1))?.trigger).toEqual({ type: "event", event: "First" });

    await admin("PUT", "/journeys/rd-ver", sendJourney("rd-ver", "Second", "rd-ver-t"));
    await admin("POST", "/journeys/rd-ver/publish");
    expect((await reader.journeyVersion(WS, "rd-ver", 2))?.trigger).toEqual({ type: "event", event: "Second" });
  });

  it("falls back to D1 when KV lost a version", async () => {
    await publish("rd-lost", "rd-lost-t");
    await env.CATALOG_KV.delete(versionKey(WS, "rd-lost", 1));
    clearCatalogCaches();
    expect((await createCatalogReader(env).journeyVersion(WS, "rd-lost", 1))?.id).toBe("rd-lost");
  });
});

describe("template()", () => {
  it("reads a stored template, and null once deleted", async () => {
    await admin("PUT", "/templates/rd-tpl", emailTemplate("rd-tpl", "Hi there"));
    const reader = createCatalogReader(env);
    expect(await reader.template(WS, "rd-tpl")).toMatchObject({ id: "rd-tpl", channel: "email", subject: "Hi there" });
    expect(await env.CATALOG_KV.get(templateKey(WS, "rd-tpl"), "json")).toMatchObject({ subject: "Hi there" });
    await admin("DELETE", "/templates/rd-tpl");
    expect(await reader.template(WS, "rd-tpl")).toBeNull();
  });
});
