/**
 * Builds the browser SDK into public/sdk/ (served by the Worker's static assets):
 *   nudge.js      IIFE for the script tag (core; lazy chunks load relative to its own src)
 *   nudge.mjs     the same core as an ES module
 *   nudge-sw.js   the service worker (IIFE, importScripts-able)
 *   push.js geo.js inapp.js overlays.js (+ chunk-*.js)  lazy ES module chunks, code-split
 * Usage: `npm run build:sdk` (or `npx node scripts/build-sdk.ts [outdir]`).
 */
import * as esbuild from "esbuild";
import { mkdirSync, rmSync } from "node:fs";
import { writeFile } from "node:fs/promises";
import path from "node:path";
import { fileURLToPath } from "node:url";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");

/** Entry points of the lazy chunks, by output name. */
export const CHUNKS = { push: "sdk/push/index.ts", geo: "sdk/geo/index.ts", inapp: "sdk/inapp/index.ts", overlays: "overlays/index.ts" };

export interface BuiltFile {
  /** File name inside outdir. */
  name: string;
  /** Names of files it imports statically (they load with it). */
  imports: string[];
  contents: Uint8Array;
}

const common: esbuild.BuildOptions = {
  absWorkingDir: root,
  bundle: true,
  minify: true,
  target: "es2022",
  legalComments: "none",
  jsx: "automatic",
  jsxImportSource: "preact",
  logLevel: "warning",
  metafile: true,
  write: false,
  // The package's "module" build is ES5 (2.3 KB gzip); its ES2017 build is 1.4 KB.
  alias: { "workbox-window": "./node_modules/workbox-window/build/workbox-window.prod.mjs" },
};

function collect(result: esbuild.BuildResult, outdir: string): BuiltFile[] {
  return (result.outputFiles ?? []).map((f) => {
    const rel = path.relative(root, f.path);
    const meta = result.metafile?.outputs[rel];
    const imports = (meta?.imports ?? []).filter((i) => i.kind == "import-statement").map((i) => path.relative(outdir, path.resolve(root, i.path)));
    return { name: path.relative(outdir, f.path), imports, contents: f.contents };
  });
}

/** Builds every SDK file in memory; writes them to `outdir` (cleared first) unless `write` is false. */
export async function buildSdk(outdir = path.join(root, "public/sdk"), write = true): Promise<BuiltFile[]> {
  const builds = await Promise.all([
    esbuild.build({ ...common, entryPoints: CHUNKS, outdir, format: "esm", splitting: true, chunkNames: "chunk-[hash]" }),
    esbuild.build({ ...common, entryPoints: { nudge: "sdk/script-tag.ts" }, outdir, format: "iife" }),
    esbuild.build({ ...common, entryPoints: { nudge: "sdk/index.ts" }, outdir, format: "esm", outExtension: { ".js": ".mjs" } }),
    esbuild.build({ ...common, entryPoints: { "nudge-sw": "sdk/sw/service-worker.ts" }, outdir, format: "iife" }),
  ]);
  const files = builds.flatMap((b) => collect(b, outdir));
  if (write) {
    rmSync(outdir, { recursive: true, force: true });
    mkdirSync(outdir, { recursive: true });
    await Promise.all(files.map((f) => writeFile(path.join(outdir, f.name), f.contents)));
  }
  return files;
}

if (process.argv[1] && path.resolve(process.argv[1]) == fileURLToPath(import.meta.url)) {
  const out = process.argv[2] ? path.resolve(process.argv[2]) : undefined;
  const files = await buildSdk(out);
  console.log(`built ${files.length} files into ${path.relative(process.cwd(), out ?? path.join(root, "public/sdk")) || "."}: ${files.map((f) => f.name).join(" ")}`);
}
