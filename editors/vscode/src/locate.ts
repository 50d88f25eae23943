// Find the `trine` executable: the `trine.path` setting, else the workspace's virtual
// environment, else `trine` on PATH. Nothing here starts a process.

import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";

export interface Found {
  /** Absolute path of the executable. */
  command: string;
  /** Where it was found, for the log: "trine.path", ".venv" or "PATH". */
  source: string;
}

export interface NotFound {
  /** Why nothing was found, one sentence. */
  reason: string;
  /** Whether `trine.path` was set (to something that does not work). */
  configured: boolean;
}

const windows = process.platform === "win32";
const EXECUTABLE = windows ? "trine.exe" : "trine";
const VENV = windows ? [".venv", "Scripts", "trine.exe"] : [".venv", "bin", "trine"];

function isExecutable(file: string): boolean {
  try {
    if (!fs.statSync(file).isFile()) {
      return false;
    }
    if (!windows) {
      fs.accessSync(file, fs.constants.X_OK);
    }
    return true;
  } catch {
    return false;
  }
}

function onPath(name: string, env: NodeJS.ProcessEnv): string | undefined {
  const dirs = (env.PATH ?? env.Path ?? "").split(path.delimiter).filter((dir) => dir !== "");
  for (const dir of dirs) {
    const file = path.join(dir, name);
    if (isExecutable(file)) {
      return file;
    }
  }
  return undefined;
}

/** Expand `~` and `${workspaceFolder}`; resolve a relative path from the first folder. */
export function expand(setting: string, folders: readonly string[]): string {
  const root = folders[0];
  let value = setting.trim();
  if (value === "~" || value.startsWith("~/") || value.startsWith("~\\")) {
    value = path.join(os.homedir(), value.slice(1));
  }
  if (root !== undefined) {
    value = value.replace(/\$\{workspaceFolder\}/g, root);
  }
  return value;
}

/**
 * Locate the server.
 *
 * @param setting the `trine.path` setting ("" when unset)
 * @param folders the workspace folders' file-system paths, first one first
 */
export function locateServer(
  setting: string,
  folders: readonly string[],
  env: NodeJS.ProcessEnv = process.env,
): Found | NotFound {
  if (setting.trim() !== "") {
    const value = expand(setting, folders);
    const bare = !value.includes("/") && !value.includes("\\");
    if (bare) {
      const names = windows && !value.toLowerCase().endsWith(".exe") ? [value + ".exe", value] : [value];
      for (const name of names) {
        const file = onPath(name, env);
        if (file !== undefined) {
          return { command: file, source: "trine.path" };
        }
      }
      return { reason: `trine.path is "${setting}", which is not on PATH`, configured: true };
    }
    const file = path.isAbsolute(value) || folders[0] === undefined ? value : path.join(folders[0], value);
    if (isExecutable(file)) {
      return { command: path.resolve(file), source: "trine.path" };
    }
    return { reason: `trine.path is "${setting}", but ${file} is not an executable file`, configured: true };
  }
  for (const folder of folders) {
    const file = path.join(folder, ...VENV);
    if (isExecutable(file)) {
      return { command: file, source: ".venv" };
    }
  }
  const file = onPath(EXECUTABLE, env);
  if (file !== undefined) {
    return { command: file, source: "PATH" };
  }
  const where = folders.length > 0 ? `${path.join("<workspace>", ...VENV)} nor ` : "";
  return { reason: `neither ${where}${EXECUTABLE} on PATH exists`, configured: false };
}

export function isFound(result: Found | NotFound): result is Found {
  return "command" in result;
}
