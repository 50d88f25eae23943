// Bundle src/extension.ts and its dependencies into dist/extension.js (CommonJS, for VS Code's
// Node.js extension host). `vscode` is provided by the host, so it stays external.
//   node esbuild.mjs               development build (with source map)
//   node esbuild.mjs --production  minified, no source map (what `vsce package` ships)
//   node esbuild.mjs --watch       rebuild on change
import { rmSync } from "node:fs";
import * as esbuild from "esbuild";

const production = process.argv.includes("--production");
const watch = process.argv.includes("--watch");

const options = {
  entryPoints: ["src/extension.ts"],
  outfile: "dist/extension.js",
  bundle: true,
  format: "cjs",
  platform: "node",
  target: "node20",
  external: ["vscode"],
  minify: production,
  sourcemap: !production,
  sourcesContent: false,
  logLevel: "info",
};

rmSync("dist", { recursive: true, force: true });

if (watch) {
  const context = await esbuild.context(options);
  await context.watch();
} else {
  await esbuild.build(options);
}
