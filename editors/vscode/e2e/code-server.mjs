// End-to-end check of trine.vsix in a real VS Code (code-server) driven by headless Chromium.
// Not part of `npm test`: it needs code-server, playwright-core and Chromium, installed outside
// this package (see TESTING.md). Usage, from editors/vscode after `npm run package`:
//
//   E2E_TOOLS=/tmp/cs node e2e/code-server.mjs
//
// E2E_TOOLS is a folder whose node_modules holds code-server and playwright-core; CHROMIUM is
// the browser (default /usr/bin/chromium); TRINE_VENV the .venv holding trine (default: the
// repository's .venv). Everything it writes goes to a fresh temporary folder.

import { spawn } from "node:child_process";
import { cpSync, mkdirSync, mkdtempSync, readFileSync, symlinkSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";

const here = dirname(fileURLToPath(import.meta.url));
const extensionDir = resolve(here, "..");
const repo = resolve(extensionDir, "../..");
const tools = process.env.E2E_TOOLS ?? "/tmp/cs";
const chromiumPath = process.env.CHROMIUM ?? "/usr/bin/chromium";
const venv = process.env.TRINE_VENV ?? join(repo, ".venv");
const port = Number(process.env.E2E_PORT ?? 8091);
const { chromium } = createRequire(join(tools, "package.json"))("playwright-core");
const codeServer = join(tools, "node_modules/.bin/code-server");

const tmp = mkdtempSync(join(tmpdir(), "trine-e2e-"));
const data = join(tmp, "data");
const extensions = join(tmp, "extensions");
const ws = join(tmp, "ws"); // the example workspace, with the repository's .venv
const bare = join(tmp, "bare"); // the same without .venv: trine is not installed there
cpSync(join(repo, "examples/slugkit"), ws, { recursive: true });
cpSync(join(repo, "examples/slugkit"), bare, { recursive: true });
symlinkSync(venv, join(ws, ".venv"));
mkdirSync(join(data, "User"), { recursive: true });
writeFileSync(
  join(data, "User/settings.json"),
  JSON.stringify({
    "workbench.startupEditor": "none",
    "security.workspace.trust.enabled": false,
    "extensions.autoCheckUpdates": false,
    "telemetry.telemetryLevel": "off",
  }),
);
const wsSettings = join(ws, ".vscode/settings.json");
mkdirSync(dirname(wsSettings), { recursive: true });
const setWorkspaceSettings = (settings) => writeFileSync(wsSettings, JSON.stringify(settings));
setWorkspaceSettings({});
const crash = join(tmp, "crash.sh");
const crashLog = join(tmp, "crash.log");
writeFileSync(crash, `#!/bin/sh\necho started >> ${crashLog}\necho "boom" >&2\nexit 3\n`, { mode: 0o755 });

let failures = 0;
function check(name, ok, detail = "") {
  console.log(`${ok ? "ok  " : "FAIL"} ${name}${detail ? `: ${detail}` : ""}`);
  if (!ok) failures += 1;
}
const sleep = (ms) => new Promise((done) => setTimeout(done, ms));
const common = ["--user-data-dir", data, "--extensions-dir", extensions];

async function run(args) {
  const child = spawn(codeServer, args, { stdio: "inherit" });
  await new Promise((done, fail) => child.on("exit", (code) => (code === 0 ? done() : fail(new Error(`code-server ${args.join(" ")}: exit ${code}`)))));
}

await run([...common, "--install-extension", join(extensionDir, "trine.vsix")]);
const server = spawn(codeServer, [...common, "--auth", "none", "--bind-addr", `127.0.0.1:${port}`, "--disable-telemetry", "--disable-update-check"], { stdio: "ignore" });
await sleep(4000);
const browser = await chromium.launch({ executablePath: chromiumPath, args: ["--no-sandbox"] });
try {
  const context = await browser.newContext({ viewport: { width: 1600, height: 1000 } });
  await context.grantPermissions(["clipboard-read", "clipboard-write"], { origin: `http://127.0.0.1:${port}` });
  const page = await context.newPage();
  const open = async (folder, file) => {
    await page.goto(`http://127.0.0.1:${port}/?folder=${folder}`, { waitUntil: "domcontentloaded" });
    await page.waitForSelector(".monaco-workbench", { timeout: 60000 });
    await sleep(3000);
    await page.keyboard.press("Control+P");
    await sleep(800);
    await page.keyboard.type(file);
    await sleep(800);
    await page.keyboard.press("Enter");
  };
  const summary = page.locator(".statusbar-item", { hasText: /trine \d+\/\d+ tested/ }).first();
  const statusLabel = () => page.locator(".statusbar-item", { hasText: /trine/ }).first().locator("a").first().getAttribute("aria-label");
  const toasts = async () => (await page.locator(".notification-toast").allInnerTexts()).map((t) => t.replace(/\n/g, " | "));

  // 1. Not installed: one actionable message.
  await open(bare, "text.py");
  await sleep(6000);
  let messages = (await toasts()).filter((t) => t.includes("trine"));
  check("missing server: one message", messages.length === 1, JSON.stringify(messages));
  check("missing server: install command", messages.some((t) => t.includes("pip install")));

  // 2. Found in .venv: status bar, code lenses, peek view, diagnostics once.
  await open(ws, "SPEC.md");
  await summary.waitFor({ timeout: 60000 });
  check("status bar", /^trine \d+\/\d+ tested$/.test((await summary.innerText()).trim()), await statusLabel());
  await sleep(2000);
  const problems = await page.locator('[id="status.problems"]').first().getAttribute("aria-label").catch(() => "");
  check("problems counted once", problems === "Errors: 2, Warnings: 8", problems);
  const lens = page.locator(".codelens-decoration a[role=button]").first();
  check("code lenses", (await page.locator(".codelens-decoration").count()) > 0);
  await lens.click();
  await sleep(2500);
  check("lens opens the references peek", (await page.locator(".peekview-widget").count()) === 1);
  await page.keyboard.press("Escape");

  // 3. Settings change without restart.
  setWorkspaceSettings({ "trine.severity.untested-clause": "error" });
  await sleep(6000);
  check("severity setting applied live", (await statusLabel()).includes("4 errors"), await statusLabel());
  setWorkspaceSettings({});
  await sleep(6000);
  check("severity setting reverted", (await statusLabel()).includes("2 errors"), await statusLabel());

  // 4. Copy reference (a code action on a clause).
  await page.keyboard.press("Control+G");
  await sleep(500);
  await page.keyboard.type("8:7");
  await page.keyboard.press("Enter");
  await sleep(800);
  await page.keyboard.press("Control+Shift+R");
  await sleep(2000);
  const copy = page.locator(".action-widget .monaco-list-row", { hasText: /Copy reference/ });
  check("copy reference offered", (await copy.count()) === 1);
  await page.keyboard.press("Enter"); // the action list focuses the first action
  await sleep(1500);
  const clipboard = await page.evaluate(() => navigator.clipboard.readText()).catch((e) => `error ${e}`);
  check("copy reference copies", clipboard === "SLUG-1", clipboard);

  // 5. A server that crashes at once: restarts capped, one message.
  setWorkspaceSettings({ "trine.path": crash });
  await sleep(15000);
  const starts = readFileSync(crashLog, "utf8").trim().split("\n").length;
  check("crashing server restarted at most 4 times", starts === 5, `${starts} starts`);
  messages = (await toasts()).filter((t) => t.includes("not running") || t.includes("couldn't") || t.includes("erroring"));
  check("crashing server: one message", messages.length === 1, JSON.stringify(messages));

  // 6. Clearing trine.path restarts on the .venv server.
  setWorkspaceSettings({});
  await summary.waitFor({ timeout: 60000 });
  check("back to the .venv server", true, await statusLabel());
} finally {
  await browser.close();
  server.kill();
}
console.log(failures === 0 ? "all checks passed" : `${failures} check(s) failed`);
process.exit(failures === 0 ? 0 : 1);
