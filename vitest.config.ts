import { defineConfig } from "vitest/config";
import { cloudflareTest } from "@cloudflare/vitest-plugin";

// Projects, from fast to slow:
//  pure   — the journey engine and other pure code, in plain Node
//  worker — the Worker and Durable Objects inside real workerd (@cloudflare/vitest-plugin)
//  dom    — the browser SDK and overlays in a DOM environment (happy-dom)
//  e2e    — the built SDK in Debian's chromium (playwright-core) against a local Worker
export default defineConfig({
  test: {
    passWithNoTests: true,
    projects: [
      {
        test: {
          name: "pure",
          include: ["test/journey/**/*.test.ts", "test/scripts/**/*.test.ts", "test/channels-pure/**/*.test.ts"],
          environment: "node",
        },
      },
      {
        plugins: [cloudflareTest({ wrangler: { configPath: "./wrangler.toml" } })],
        test: { name: "worker", include: ["test/worker/**/*.test.ts"] },
      },
      {
        test: {
          name: "dom",
          include: ["test/sdk/**/*.test.ts", "test/sdk/**/*.test.tsx", "test/overlays/**/*.test.tsx", "test/overlays/**/*.test.ts"],
          environment: "happy-dom",
        },
        // Vitest 5 transforms with oxc (esbuild options are ignored): JSX → preact/jsx-runtime.
        oxc: { jsx: { runtime: "automatic", importSource: "preact" } },
      },
      {
        test: { name: "e2e", include: ["test/e2e/**/*.test.ts"], environment: "node", testTimeout: 60_000, hookTimeout: 120_000, fileParallelism: false, globalSetup: ["test/e2e/global-setup.ts"] },
      },
    ],
  },
});
