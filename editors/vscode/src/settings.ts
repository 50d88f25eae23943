// The `trine.*` VS Code settings, reshaped into the object the server expects: the same keys as
// the `[tool.trine]` table (docs/configuration.md), e.g. {"severity": {"untested-clause": "error"}}.
// Unset settings are left out, so the workspace's file configuration applies to them.

/** The rule codes of trine's diagnostics (`trine rule CODE` explains each). */
export const RULES = [
  // begin: rules (generated from server/trine/analysis/rules/ by `make docs`)
  "unknown-reference",
  "duplicate-clause",
  "unimplemented-clause",
  "untested-clause",
  "untraced-symbol",
  "orphan-test",
  "stale-link",
  "unreviewed-link",
  "changed-since-review",
  "lock-problem",
  "spec-changed-code-not",
  "code-changed-spec-not",
  "file-problem",
  "ambiguous-reference",
  "copied-spec",
  "needs-clarification",
  "missing-task-file",
  "lowercase-keywords",
  // end: rules
] as const;

export type Rule = (typeof RULES)[number];

export const LEVELS = ["error", "warning", "info", "hint", "off"] as const;

export type Level = (typeof LEVELS)[number];

/** What the server reads from `initializationOptions` and the `trine` configuration section. */
export interface ServerSettings {
  spec?: string[];
  code?: string[];
  tests?: string[];
  exclude?: string[];
  id_pattern?: string;
  max_file_size?: number;
  severity?: Partial<Record<Rule, Level>>;
}

/** The settings (under `trine.`) that are passed to the server; `path` and `trace` are not. */
export const SERVER_KEYS = [
  "spec",
  "code",
  "tests",
  "exclude",
  "id_pattern",
  "max_file_size",
  "severity",
] as const;

/** Reads one setting under `trine.`, like `vscode.WorkspaceConfiguration.get`. */
export type Getter = (key: string) => unknown;

function globs(value: unknown): string[] | undefined {
  return Array.isArray(value) && value.every((item) => typeof item === "string")
    ? [...value]
    : undefined;
}

function isLevel(value: unknown): value is Level {
  return typeof value === "string" && (LEVELS as readonly string[]).includes(value);
}

/** Reshape the flat `trine.*` settings into the server's configuration object. */
export function serverSettings(get: Getter): ServerSettings {
  const settings: ServerSettings = {};
  for (const key of ["spec", "code", "tests", "exclude"] as const) {
    const value = globs(get(key));
    if (value !== undefined) {
      settings[key] = value;
    }
  }
  const idPattern = get("id_pattern");
  if (typeof idPattern === "string" && idPattern.trim() !== "") {
    settings.id_pattern = idPattern;
  }
  const maxFileSize = get("max_file_size");
  if (typeof maxFileSize === "number" && Number.isInteger(maxFileSize) && maxFileSize > 0) {
    settings.max_file_size = maxFileSize;
  }
  const severity: Partial<Record<Rule, Level>> = {};
  for (const rule of RULES) {
    const level = get(`severity.${rule}`);
    if (isLevel(level)) {
      severity[rule] = level;
    }
  }
  if (Object.keys(severity).length > 0) {
    settings.severity = severity;
  }
  return settings;
}
