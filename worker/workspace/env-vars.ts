/**
 * Optional configuration read from vars or secrets (`wrangler secret put NUDGE_SECRET_KEY`, or
 * `.dev.vars` locally). They are not in wrangler.toml on purpose: a secret cannot share a name
 * with a var, and the defaults below make local development work with no setup.
 */
declare global {
  interface Env {
    /** The default workspace's id. @default "demo" */
    NUDGE_WORKSPACE?: string;
    /** The default workspace's browser write key. @default "wk_dev" */
    NUDGE_WRITE_KEY?: string;
    /** The default workspace's server/admin secret key. @default "sk_dev" */
    NUDGE_SECRET_KEY?: string;
    /** How long an isolate trusts its cached live catalog, in ms. @default "5000" */
    NUDGE_CATALOG_TTL_MS?: string;
  }
  namespace Cloudflare {
    interface Env {
      NUDGE_WORKSPACE?: string;
      NUDGE_WRITE_KEY?: string;
      NUDGE_SECRET_KEY?: string;
      NUDGE_CATALOG_TTL_MS?: string;
    }
  }
}

export const DEFAULT_WORKSPACE = "demo";
export const DEFAULT_WRITE_KEY = "wk_dev";
export const DEFAULT_SECRET_KEY = "sk_dev";
