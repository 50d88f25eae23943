// The trine extension: starts `trine serve` (LSP over stdio) for Python and Markdown files,
// passes the `trine.*` settings to it, implements the commands its code lenses and code actions
// carry, and shows the workspace summary (`trine/status`) in the status bar.

import * as vscode from "vscode";
import {
  CloseAction,
  DidChangeConfigurationNotification,
  ErrorAction,
  LanguageClient,
  RevealOutputChannelOn,
  State,
  vsdiag,
  type CloseHandlerResult,
  type ErrorHandler,
  type ErrorHandlerResult,
  type LanguageClientOptions,
  type Location as LspLocation,
  type Position as LspPosition,
  type ServerOptions,
} from "vscode-languageclient/node";

import { isFound, locateServer, type NotFound } from "./locate";
import { SERVER_KEYS, serverSettings, type ServerSettings } from "./settings";

const SECTION = "trine";
const STATUS_NOTIFICATION = "trine/status";
/** Automatic restarts after the server stops unexpectedly, per start (a manual restart resets). */
const MAX_RESTARTS = 4;
const INSTALL_COMMAND = "python -m pip install trine";
const SHOW_REFERENCES = "trine.showReferences";
const COPY_REFERENCE = "trine.copyReference";

/** The params of `trine/status` (LSP-20). */
interface Summary {
  clauses: number;
  requirements: number;
  implemented: number;
  tested: number;
  errors: number;
  warnings: number;
  infos: number;
  hints: number;
}

let trine: Trine | undefined;

export function activate(context: vscode.ExtensionContext): void {
  trine = new Trine();
  context.subscriptions.push(trine);
  void trine.restart(false);
}

export async function deactivate(): Promise<void> {
  await trine?.stop();
}

/**
 * Restart the server at most MAX_RESTARTS times after it stops unexpectedly, then leave it
 * stopped. Everything is logged; the user hears about it once, from `Trine.reportStopped`.
 */
class CappedErrorHandler implements ErrorHandler {
  private restarts = 0;

  constructor(private readonly gaveUp: () => void) {}

  error(_error: Error, _message: unknown, count: number | undefined): ErrorHandlerResult {
    // A few broken messages are tolerated; a connection that keeps failing is shut down.
    if (count !== undefined && count <= 3) {
      return { action: ErrorAction.Continue, handled: true };
    }
    return { action: ErrorAction.Shutdown, handled: true };
  }

  closed(): CloseHandlerResult {
    if (this.restarts < MAX_RESTARTS) {
      this.restarts += 1;
      return {
        action: CloseAction.Restart,
        message: `The trine server stopped; restarting it (${this.restarts} of ${MAX_RESTARTS}).`,
        handled: true,
      };
    }
    this.gaveUp();
    return {
      action: CloseAction.DoNotRestart,
      message: `The trine server stopped ${MAX_RESTARTS + 1} times; it is not restarted again.`,
      handled: true,
    };
  }
}

/**
 * The language client, minus its own pop-ups: it would show one for every failed start and
 * restart ("couldn't create connection to server", "Restarting server failed", …), a burst of
 * them when the server crashes on start. They still go to the output; the extension shows one
 * message of its own instead.
 */
class TrineClient extends LanguageClient {
  override error(message: string, data?: unknown, showNotification: boolean | "force" = true): void {
    super.error(message, data, showNotification === "force" ? false : showNotification);
  }
}

class Trine implements vscode.Disposable {
  private readonly output = vscode.window.createOutputChannel("trine", { log: true });
  private readonly item = vscode.window.createStatusBarItem(
    "trine.status",
    vscode.StatusBarAlignment.Left,
    0,
  );
  private readonly disposables: vscode.Disposable[] = [];
  private client: LanguageClient | undefined;
  /** Our own registrations of the client-side commands, when the server does not list them. */
  private fallbacks: vscode.Disposable[] = [];
  /** Start and stop run one at a time, in order. */
  private queue: Promise<void> = Promise.resolve();
  private missingReported = false;
  /** Whether the user was told that the current client's server is not running. */
  private stoppedReported = false;

  constructor() {
    this.item.name = "trine";
    this.item.command = "trine.showOutput";
    this.disposables.push(
      this.output,
      this.item,
      vscode.commands.registerCommand("trine.restart", () => this.restart(true)),
      vscode.commands.registerCommand("trine.showOutput", () => this.output.show()),
      vscode.workspace.onDidChangeConfiguration((event) => this.configurationChanged(event)),
    );
  }

  dispose(): void {
    void this.stop().finally(() => {
      for (const disposable of this.disposables) {
        disposable.dispose();
      }
    });
  }

  /** (Re)start the server; `manual` when the user asked, so a missing binary is reported again. */
  restart(manual: boolean): Promise<void> {
    if (manual) {
      this.missingReported = false;
    }
    return this.enqueue(async () => {
      await this.doStop();
      await this.doStart();
    });
  }

  stop(): Promise<void> {
    return this.enqueue(() => this.doStop());
  }

  private enqueue(task: () => Promise<void>): Promise<void> {
    this.queue = this.queue.then(task).catch((error: unknown) => {
      this.output.error(`trine: ${String(error)}`);
    });
    return this.queue;
  }

  private folders(): string[] {
    return (vscode.workspace.workspaceFolders ?? [])
      .filter((folder) => folder.uri.scheme === "file")
      .map((folder) => folder.uri.fsPath);
  }

  /** The server's configuration object, from the `trine.*` settings. */
  private settings(): ServerSettings {
    const config = vscode.workspace.getConfiguration(SECTION);
    return serverSettings((key) => config.get(key));
  }

  private async doStart(): Promise<void> {
    const folders = this.folders();
    const setting = vscode.workspace.getConfiguration(SECTION).get<string>("path", "");
    const found = locateServer(setting, folders);
    if (!isFound(found)) {
      this.output.error(`trine: the server was not found: ${found.reason}.`);
      this.showProblem("$(error) trine", `trine: ${found.reason}. Click to show the output.`);
      this.reportMissing(found);
      return;
    }
    this.output.info(`trine: starting ${found.command} serve (found via ${found.source})`);

    const serverOptions: ServerOptions = {
      command: found.command,
      args: ["serve"],
      options: folders[0] !== undefined ? { cwd: folders[0] } : {},
    };
    this.stoppedReported = false;
    let startError: string | undefined;
    const errorHandler = new CappedErrorHandler(() =>
      this.reportStopped(`it stopped ${MAX_RESTARTS + 1} times, so it is not restarted again`),
    );
    const clientOptions: LanguageClientOptions = {
      documentSelector: [
        { scheme: "file", language: "python" },
        { scheme: "file", language: "markdown" },
      ],
      outputChannel: this.output,
      revealOutputChannelOn: RevealOutputChannelOn.Never,
      // A hover's "show all" link runs trine.showReferences (LSP-35); no other command link runs.
      markdown: { isTrusted: { enabledCommands: [SHOW_REFERENCES] } },
      initializationOptions: () => this.settings(),
      errorHandler,
      initializationFailedHandler: (error) => {
        this.output.error(`trine: the server failed to initialize: ${String(error)}`);
        return false;
      },
      middleware: {
        workspace: {
          // The server pulls section "trine": answer with the reshaped settings object.
          configuration: async (params, token, next) => {
            const result = await next(params, token);
            if (!Array.isArray(result)) {
              return result;
            }
            return params.items.map((item, index) =>
              item.section === SECTION ? this.settings() : result[index],
            );
          },
        },
        // The server pushes the diagnostics of every file (publishDiagnostics). A server that
        // also offers pulls (servers that advertise them to every client) would get them
        // requested for open files as well: that only repeats the work and keeps a second copy
        // of the same diagnostics, so pulls are answered with nothing, without asking it.
        provideDiagnostics: () => ({ kind: vsdiag.DocumentDiagnosticReportKind.full, items: [] }),
        // The commands of code lenses and code actions that only the editor can carry out.
        executeCommand: async (command, args, next) => {
          if (command === SHOW_REFERENCES || command === COPY_REFERENCE) {
            return this.clientCommand(command, args);
          }
          return next(command, args);
        },
      },
    };

    const client = new TrineClient("trine", "trine", serverOptions, clientOptions);
    this.client = client;
    client.onNotification(STATUS_NOTIFICATION, (summary: Summary) => this.showSummary(summary));
    client.onDidChangeState(({ newState }) => {
      if (this.client !== client) {
        return;
      }
      if (newState === State.Starting) {
        this.showStarting();
      } else if (newState === State.Running) {
        this.showRunning();
      } else {
        // Stopped or failed to start (our own stops detach the client first, so are not seen
        // here). The error handler may be about to restart it: if it is still down in a
        // moment, say so, once.
        this.showProblem("$(error) trine", "trine: the server is not running. Click to show the output.");
        setTimeout(() => {
          const state = client.state;
          if (this.client === client && (state === State.Stopped || state === State.StartFailed)) {
            this.reportStopped(
              startError !== undefined ? `it did not start (${startError})` : "it stopped",
            );
          }
        }, 3000);
      }
    });
    this.showStarting();
    try {
      await client.start();
    } catch (error) {
      startError = error instanceof Error ? error.message : String(error);
      this.output.error(`trine: the server did not start: ${startError}`);
      return;
    }
    await this.registerFallbacks();
  }

  private async doStop(): Promise<void> {
    for (const fallback of this.fallbacks) {
      fallback.dispose();
    }
    this.fallbacks = [];
    const client = this.client;
    this.client = undefined;
    if (client === undefined) {
      return;
    }
    try {
      // Stops the server (shutdown, exit, then kill after the timeout) and releases the client.
      await client.dispose(2000);
    } catch (error) {
      // It was not running (it failed to start, or the error handler stopped it).
      this.output.debug(`trine: stopping the server: ${String(error)}`);
    }
  }

  /**
   * The language client registers the commands the server lists in `executeCommandProvider`
   * and routes them through the middleware above. A server that does not list them still
   * gets working lenses and actions: register the missing ones ourselves.
   */
  private async registerFallbacks(): Promise<void> {
    const existing = new Set(await vscode.commands.getCommands(true));
    for (const command of [SHOW_REFERENCES, COPY_REFERENCE]) {
      if (!existing.has(command)) {
        this.fallbacks.push(
          vscode.commands.registerCommand(command, (...args: unknown[]) =>
            this.clientCommand(command, args),
          ),
        );
      }
    }
  }

  private async clientCommand(command: string, args: unknown[]): Promise<unknown> {
    if (command === SHOW_REFERENCES) {
      return this.showReferences(args);
    }
    const reference = args[0];
    if (typeof reference !== "string") {
      this.output.warn(`trine: ${COPY_REFERENCE} needs a reference, got ${JSON.stringify(args)}`);
      return undefined;
    }
    await vscode.env.clipboard.writeText(reference);
    void vscode.window.showInformationMessage(`Copied ${reference} to the clipboard.`);
    return reference;
  }

  /** `trine.showReferences` [uri, position, locations] → the editor's references peek view. */
  private async showReferences(args: unknown[]): Promise<void> {
    const [uri, position, locations] = args;
    const client = this.client;
    if (
      client === undefined ||
      typeof uri !== "string" ||
      !isPosition(position) ||
      !Array.isArray(locations) ||
      !locations.every(isLocation)
    ) {
      this.output.warn(`trine: ${SHOW_REFERENCES} got unexpected arguments ${JSON.stringify(args)}`);
      return;
    }
    const convert = client.protocol2CodeConverter;
    await vscode.commands.executeCommand(
      "editor.action.showReferences",
      convert.asUri(uri),
      convert.asPosition(position),
      locations.map((location) => convert.asLocation(location)),
    );
  }

  private configurationChanged(event: vscode.ConfigurationChangeEvent): void {
    if (!event.affectsConfiguration(SECTION)) {
      return;
    }
    if (event.affectsConfiguration(`${SECTION}.path`)) {
      this.output.info("trine: trine.path changed; restarting the server");
      void this.restart(true);
      return;
    }
    // `trine.trace.server` is applied by the language client itself.
    if (!SERVER_KEYS.some((key) => event.affectsConfiguration(`${SECTION}.${key}`))) {
      return;
    }
    const client = this.client;
    if (client?.isRunning()) {
      const settings = this.settings();
      this.output.info(`trine: settings changed: ${JSON.stringify(settings)}`);
      client
        .sendNotification(DidChangeConfigurationNotification.type, {
          settings: { [SECTION]: settings },
        })
        .catch((error: unknown) => {
          this.output.error(`trine: could not send the new settings: ${String(error)}`);
        });
    }
  }

  /** One actionable message per activation (again only when the user restarts). */
  private reportMissing(notFound: NotFound): void {
    if (this.missingReported) {
      return;
    }
    this.missingReported = true;
    const openSettings = "Open Settings";
    const copy = "Copy Install Command";
    const retry = "Retry";
    const message = notFound.configured
      ? `trine: ${notFound.reason}. Fix the "trine.path" setting, or clear it to use the ` +
        `workspace's .venv or trine on PATH.`
      : `trine: the language server is not installed (${notFound.reason}). Install it into the ` +
        `workspace's virtual environment with "${INSTALL_COMMAND}" (from a checkout of trine: ` +
        `"python -m pip install -e ."), or set "trine.path".`;
    const actions = notFound.configured ? [openSettings, retry] : [copy, openSettings, retry];
    void vscode.window.showErrorMessage(message, ...actions).then(async (choice) => {
      if (choice === copy) {
        await vscode.env.clipboard.writeText(INSTALL_COMMAND);
        void vscode.window.showInformationMessage(`Copied "${INSTALL_COMMAND}" to the clipboard.`);
      } else if (choice === openSettings) {
        await vscode.commands.executeCommand("workbench.action.openSettings", "trine.path");
      } else if (choice === retry) {
        await this.restart(true);
      }
    });
  }

  /** Tell the user, once per start, that the server is not running and why. */
  private reportStopped(why: string): void {
    if (this.stoppedReported) {
      return;
    }
    this.stoppedReported = true;
    this.showProblem("$(error) trine", `trine: the server is not running: ${why}. Click to show the output.`);
    const restart = "Restart Server";
    const output = "Show Output";
    void vscode.window
      .showErrorMessage(
        `trine: the language server is not running: ${why}. See the output, then run ` +
          `"trine: Restart server".`,
        output,
        restart,
      )
      .then((choice) => {
        if (choice === restart) {
          void this.restart(true);
        } else if (choice === output) {
          this.output.show();
        }
      });
  }

  // -- status bar ---------------------------------------------------------------------------

  private showStarting(): void {
    this.item.text = "$(loading~spin) trine";
    this.item.tooltip = "trine: starting the language server. Click to show the output.";
    this.item.backgroundColor = undefined;
    this.item.show();
  }

  private showRunning(): void {
    this.item.text = "trine";
    this.item.tooltip = "trine: indexing the workspace. Click to show the output.";
    this.item.backgroundColor = undefined;
    this.item.show();
  }

  private showSummary(summary: Summary): void {
    const n = (key: keyof Summary): number =>
      typeof summary[key] === "number" ? summary[key] : 0;
    const plural = (count: number, word: string): string =>
      `${count} ${word}${count === 1 ? "" : "s"}`;
    this.item.text = `trine ${n("tested")}/${n("requirements")} tested`;
    this.item.tooltip =
      `trine: ${plural(n("clauses"), "clause")}, ${plural(n("requirements"), "requirement")} ` +
      `(${n("implemented")} implemented, ${n("tested")} tested); ` +
      `${plural(n("errors"), "error")}, ${plural(n("warnings"), "warning")}, ` +
      `${n("infos")} info, ${plural(n("hints"), "hint")}. Click to show the output.`;
    this.item.backgroundColor = undefined;
    this.item.show();
  }

  private showProblem(text: string, tooltip: string): void {
    this.item.text = text;
    this.item.tooltip = tooltip;
    this.item.backgroundColor = new vscode.ThemeColor("statusBarItem.errorBackground");
    this.item.show();
  }
}

function isPosition(value: unknown): value is LspPosition {
  const position = value as Partial<LspPosition> | null;
  return (
    typeof position === "object" &&
    position !== null &&
    typeof position.line === "number" &&
    typeof position.character === "number"
  );
}

function isLocation(value: unknown): value is LspLocation {
  const location = value as Partial<LspLocation> | null;
  return (
    typeof location === "object" &&
    location !== null &&
    typeof location.uri === "string" &&
    typeof location.range === "object" &&
    location.range !== null &&
    isPosition(location.range.start) &&
    isPosition(location.range.end)
  );
}
