"""The Helix integration: editors/helix/languages.toml uses only what Helix reads, and starts trine.

Helix's keys are taken from its source, helix-editor/helix at tag 25.07.1 (its latest release;
what master added since is listed apart, because 25.07.1 rejects it):

- top-level tables: `Configuration` in helix-core/src/syntax/config.rs (`language`,
  `language-server`) and `Configuration` in helix-loader/src/grammar.rs (`use-grammars`,
  `grammar`);
- `[language-server.NAME]`: `LanguageServerConfiguration` in helix-core/src/syntax/config.rs and
  the "Language Server configuration" table of book/src/languages.md. Helix ignores unknown keys
  there, so a typo (`arg = [...]`) would fail silently: this test catches it;
- `[[language]]`: `LanguageConfiguration` in helix-core/src/syntax/config.rs (serde kebab-case,
  `deny_unknown_fields`: one unknown key and Helix rejects the whole languages.toml) and the
  "Language configuration" table of book/src/languages.md;
- `only-features` / `except-features`: the enum `LanguageServerFeature` in the same file;
- the default server lists and server names: languages.toml at the root of the repository;
- what Helix sends: `Client::initialize` in helix-lsp/src/client.rs (`config` becomes
  `initializationOptions`), the `Initialized` and `WorkspaceConfiguration` handlers in
  helix-term/src/application.rs (a `workspace/didChangeConfiguration` carrying `config` right
  after `initialized`; `workspace/configuration` answered by looking the section up in `config`),
  and `Client::start` (the server runs in the LSP root, with `environment` added);
- who answers what: helix-term/src/commands/lsp.rs (definition, references, hover, symbols and
  code actions ask every server; `rename_symbol` asks the first with prepare-rename).
"""

from __future__ import annotations

import contextlib
import json
import os
import queue
import re
import shutil
import subprocess
import sys
import threading
import time
import tomllib
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urlparse
from urllib.request import url2pathname

import pytest

from trine.config import TrineConfig

REPO = Path(__file__).resolve().parents[2]
HELIX_DIR = REPO / "editors" / "helix"
LANGUAGES_TOML = HELIX_DIR / "languages.toml"
README = HELIX_DIR / "README.md"
CONFIGURATION_DOC = REPO / "docs" / "configuration.md"
TIMEOUT = 10.0  # seconds for any one answer of the server

# -- what Helix 25.07.1 reads -----------------------------------------------------------------

TOP_LEVEL_KEYS = {"language-server", "language", "use-grammars", "grammar"}


def _is_str_list(value: Any) -> bool:
    return isinstance(value, list) and all(isinstance(item, str) for item in value)


def _is_int(value: Any, minimum: int = 0, maximum: int | None = None) -> bool:
    return (
        isinstance(value, int)
        and not isinstance(value, bool)
        and value >= minimum
        and (maximum is None or value <= maximum)
    )


# LanguageServerConfiguration: command String, args Vec<String>, environment
# HashMap<String, String>, config Option<toml::Value> (sent as JSON), timeout u64 (default 20),
# required-root-patterns Option<GlobSet> (a list of globs).
LANGUAGE_SERVER_KEYS: dict[str, Callable[[Any], bool]] = {
    "command": lambda value: isinstance(value, str) and bool(value.strip()),
    "args": _is_str_list,
    "config": lambda value: True,
    "timeout": _is_int,
    "environment": lambda value: (
        isinstance(value, dict) and all(isinstance(item, str) for item in value.values())
    ),
    "required-root-patterns": _is_str_list,
}


def _is_block_comment(value: Any) -> bool:
    def one(token: Any) -> bool:
        return isinstance(token, dict) and set(token) == {"start", "end"}

    return one(value) or (isinstance(value, list) and all(one(token) for token in value))


# LanguageConfiguration at 25.07.1, every field by its TOML name, with the shape serde accepts.
LANGUAGE_KEYS: dict[str, Callable[[Any], bool]] = {
    "name": lambda value: isinstance(value, str) and bool(value),
    "language-id": lambda value: isinstance(value, str),
    "scope": lambda value: isinstance(value, str),
    "file-types": lambda value: (
        isinstance(value, list)
        and all(
            isinstance(item, str) or (isinstance(item, dict) and list(item) == ["glob"])
            for item in value
        )
    ),
    "shebangs": _is_str_list,
    "roots": _is_str_list,
    "comment-token": lambda value: isinstance(value, str) or _is_str_list(value),  # alias
    "comment-tokens": lambda value: isinstance(value, str) or _is_str_list(value),
    "block-comment-tokens": _is_block_comment,
    "text-width": _is_int,
    "soft-wrap": lambda value: isinstance(value, dict),
    "auto-format": lambda value: isinstance(value, bool),
    "formatter": lambda value: (
        isinstance(value, dict)
        and isinstance(value.get("command"), str)
        and set(value) <= {"command", "args"}
        and _is_str_list(value.get("args", []))
    ),
    "path-completion": lambda value: isinstance(value, bool),
    "diagnostic-severity": lambda value: value in {"hint", "info", "warning", "error"},
    "grammar": lambda value: isinstance(value, str),
    "injection-regex": lambda value: isinstance(value, str),
    "language-servers": lambda value: isinstance(value, list),  # entries checked one by one
    "indent": lambda value: (
        isinstance(value, dict)
        and set(value) == {"tab-width", "unit"}
        and _is_int(value["tab-width"], 1, 16)
        and isinstance(value["unit"], str)
    ),
    "debugger": lambda value: isinstance(value, dict),
    "auto-pairs": lambda value: isinstance(value, bool | dict),
    "rulers": lambda value: isinstance(value, list) and all(_is_int(item) for item in value),
    "workspace-lsp-roots": _is_str_list,
    "persistent-diagnostic-sources": _is_str_list,
}

# In book/src/languages.md and LanguageConfiguration on master, added after 25.07.1, which rejects
# them (deny_unknown_fields), so a file that uses them breaks every 25.07 user's configuration.
LANGUAGE_KEYS_AFTER_25_07 = {"word-completion", "rainbow-brackets", "code-actions-on-save"}

# enum LanguageServerFeature at 25.07.1 (master adds document-links, pull-diagnostics and
# call-hierarchy; 25.07.1 fails to parse them).
FEATURES = {
    "format",
    "goto-declaration",
    "goto-definition",
    "goto-type-definition",
    "goto-reference",
    "goto-implementation",
    "signature-help",
    "hover",
    "document-highlight",
    "completion",
    "code-action",
    "workspace-command",
    "document-symbols",
    "workspace-symbols",
    "diagnostics",
    "rename-symbol",
    "inlay-hints",
    "document-colors",
}

# `language-servers` of python and markdown in Helix's languages.toml at 25.07.1. (24.07: pylsp
# alone; 25.01: ruff, jedi, pylsp; master since: ty, ruff, jedi, pylsp, zuban, and for markdown
# marksman, markdown-oxide, rumdl.)
HELIX_DEFAULTS = {
    "python": ["ty", "ruff", "jedi", "pylsp"],
    "markdown": ["marksman", "markdown-oxide"],
}

# Python and Markdown servers defined in the [language-server] table of Helix's languages.toml:
# names a user may list without defining them.
HELIX_DEFINED_SERVERS = {
    *HELIX_DEFAULTS["python"],
    *HELIX_DEFAULTS["markdown"],
    "pyright",
    "basedpyright",
    "pylyzer",
    "pyrefly",
    "harper-ls",
    "ltex-ls",
    "ltex-ls-plus",
    "vale-ls",
    "zuban",  # master, after 25.07.1
    "rumdl",  # master, after 25.07.1
}


def helix_problems(data: dict[str, Any]) -> list[str]:
    """Everything in a parsed languages.toml that Helix 25.07.1 would not read as meant."""
    problems = [f"unknown top-level key {key!r}" for key in sorted(set(data) - TOP_LEVEL_KEYS)]
    servers = data.get("language-server", {})
    if not isinstance(servers, dict):
        return [*problems, "[language-server] must be a table of servers"]
    for name, server in servers.items():
        if not isinstance(server, dict):
            problems.append(f"[language-server.{name}] must be a table")
            continue
        if "command" not in server:
            problems.append(f"[language-server.{name}] has no command")
        for key, value in server.items():
            check = LANGUAGE_SERVER_KEYS.get(key)
            if check is None:
                problems.append(f"[language-server.{name}] unknown key {key!r} (Helix ignores it)")
            elif not check(value):
                problems.append(f"[language-server.{name}] {key} has the wrong type: {value!r}")
    defined = set(servers) | HELIX_DEFINED_SERVERS
    languages = data.get("language", [])
    if not isinstance(languages, list):
        return [*problems, "`language` must be an array of tables ([[language]])"]
    for index, language in enumerate(languages):
        where = f"[[language]] #{index + 1} ({language.get('name', 'no name')})"
        if "name" not in language:
            problems.append(f"{where} has no name")
        if language.get("name") not in HELIX_DEFAULTS and not {"scope", "file-types"} <= set(
            language
        ):
            problems.append(f"{where} is a new language: it needs scope and file-types")
        for key, value in language.items():
            check = LANGUAGE_KEYS.get(key)
            if key in LANGUAGE_KEYS_AFTER_25_07:
                problems.append(f"{where} key {key!r} is newer than Helix 25.07, which rejects it")
            elif check is None:
                problems.append(f"{where} unknown key {key!r}: Helix rejects the whole file")
            elif not check(value):
                problems.append(f"{where} {key} has the wrong type: {value!r}")
        for entry in language.get("language-servers", []):
            problems += _server_entry_problems(where, entry, defined)
    return problems


def _server_entry_problems(where: str, entry: Any, defined: set[str]) -> list[str]:
    """A `language-servers` entry: a name, or { name, only-features?, except-features? }."""
    if isinstance(entry, str):
        name = entry
    elif isinstance(entry, dict) and isinstance(entry.get("name"), str):
        name = entry["name"]
        extra = set(entry) - {"name", "only-features", "except-features"}
        if extra:
            return [f"{where} server entry {name}: unknown keys {sorted(extra)}"]
        for key in ("only-features", "except-features"):
            features = entry.get(key, [])
            if not _is_str_list(features) or not set(features) <= FEATURES:
                unknown = sorted(set(map(str, features)) - FEATURES) if features else features
                return [f"{where} server entry {name}: {key} has unknown features {unknown}"]
    else:
        return [f"{where} language-servers entry {entry!r} is neither a name nor {{ name = ... }}"]
    if name not in defined:
        return [f"{where} names server {name!r}, which neither this file nor Helix defines"]
    return []


def merge_toml_values(left: Any, right: Any, depth: int = 3) -> Any:
    """helix-loader's merge_toml_values: how Helix lays a user's languages.toml over another.

    Tables merge key by key and arrays of tables merge entry by entry (matched by `name`), down
    to `depth` levels; below that, and for every other value, the right-hand side replaces the
    left: so a `[[language]]` entry's `language-servers` list is replaced, not extended.
    """
    if depth > 0 and isinstance(left, list) and isinstance(right, list):
        merged = list(left)
        for item in right:
            name = item.get("name") if isinstance(item, dict) else None
            match = next(
                (
                    i
                    for i, old in enumerate(merged)
                    if isinstance(old, dict) and name is not None and old.get("name") == name
                ),
                None,
            )
            merged.append(
                item if match is None else merge_toml_values(merged.pop(match), item, depth - 1)
            )
        return merged
    if depth > 0 and isinstance(left, dict) and isinstance(right, dict):
        merged = dict(left)
        for key, value in right.items():
            merged[key] = merge_toml_values(left[key], value, depth - 1) if key in left else value
        return merged
    return right


def server_names(language: dict[str, Any]) -> list[str]:
    return [
        entry if isinstance(entry, str) else entry["name"]
        for entry in language.get("language-servers", [])
    ]


# -- the file, and the file with its commented example `config` switched on ---------------------

CONFIG_HEADER = "# [language-server.trine.config]"


def with_example_config(text: str) -> str:
    """The file as a user has it after uncommenting the example `config` block in place."""
    lines = text.split("\n")
    start = lines.index(CONFIG_HEADER)
    end = start
    while end < len(lines) and lines[end].startswith("# "):
        lines[end] = lines[end][2:]
        end += 1
    assert end - start > 1, "the example config block has a header and no keys"
    return "\n".join(lines)


@pytest.fixture(scope="module")
def languages() -> dict[str, Any]:
    return tomllib.loads(LANGUAGES_TOML.read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def uncommented() -> dict[str, Any]:
    return tomllib.loads(with_example_config(LANGUAGES_TOML.read_text(encoding="utf-8")))


def documented_config() -> tuple[set[str], set[str]]:
    """The keys and the rule codes that docs/configuration.md documents."""
    doc = CONFIGURATION_DOC.read_text(encoding="utf-8")
    keys = set(re.findall(r"^\| `([a-z_]+)` \|", doc, re.MULTILINE))
    rules_paragraph = doc.split("**Rule codes**", 1)[1].split("\n\n", 1)[0]
    rules = set(re.findall(r"`([a-z]+(?:-[a-z]+)+)`", rules_paragraph))
    return keys, rules


# -- a client that does what Helix 25.07.1 does, over stdio ------------------------------------


def helix_capabilities() -> dict[str, Any]:
    """The parts of Helix's ClientCapabilities (Client::initialize) that trine looks at."""
    return {
        "workspace": {
            "configuration": True,
            "didChangeConfiguration": {"dynamicRegistration": False},
            "workspaceFolders": True,
            "applyEdit": True,
            "symbol": {"dynamicRegistration": False},
            "executeCommand": {"dynamicRegistration": False},
            "workspaceEdit": {
                "documentChanges": True,
                "resourceOperations": ["create", "rename", "delete"],
                "failureHandling": "abort",
                "normalizesLineEndings": False,
            },
            "didChangeWatchedFiles": {"dynamicRegistration": True, "relativePatternSupport": False},
            "fileOperations": {"willRename": True, "didRename": True},
        },
        "textDocument": {
            "completion": {
                "completionItem": {
                    "snippetSupport": True,
                    "insertReplaceSupport": True,
                    "deprecatedSupport": True,
                    "resolveSupport": {"properties": ["documentation", "detail"]},
                },
            },
            "hover": {"contentFormat": ["markdown"]},
            "rename": {"dynamicRegistration": False, "prepareSupport": True},
            "codeAction": {
                "codeActionLiteralSupport": {
                    "codeActionKind": {"valueSet": ["", "quickfix", "refactor", "source"]}
                },
                "isPreferredSupport": True,
                "dataSupport": True,
            },
            "publishDiagnostics": {"versionSupport": True, "tagSupport": {"valueSet": [1, 2]}},
        },
        "window": {"workDoneProgress": True},
        "general": {"positionEncodings": ["utf-8", "utf-32", "utf-16"]},
    }


def resolve_command(command: str) -> str:
    """`command` as Helix would run it, looked up first in the virtualenv running the tests."""
    if os.path.isabs(command):
        return command
    beside = Path(sys.executable).parent / command
    if beside.is_file() and os.access(beside, os.X_OK):
        return str(beside)
    found = shutil.which(command)
    if found is None:
        pytest.fail(f"{command!r} is neither next to {sys.executable} nor on PATH: install trine")
    return found


def uri_to_path(uri: str) -> Path:
    return Path(url2pathname(unquote(urlparse(uri).path))).resolve()


class HelixLikeClient:
    """JSON-RPC with Content-Length framing over the server's pipes (standard library only)."""

    def __init__(self, argv: list[str], root: Path, environment: dict[str, str], config: Any):
        self.config = config
        self.process = subprocess.Popen(
            argv,
            cwd=root,
            env={**os.environ, **environment},
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
        )
        self.inbox: queue.Queue[dict[str, Any] | None] = queue.Queue()
        self.notifications: list[dict[str, Any]] = []
        self.server_requests: list[dict[str, Any]] = []
        self.stderr: list[str] = []
        self.next_id = 0
        threading.Thread(target=self._read, daemon=True).start()
        threading.Thread(target=self._drain_stderr, daemon=True).start()

    def _read(self) -> None:
        stream = self.process.stdout
        assert stream is not None
        try:
            while True:
                length = None
                while (line := stream.readline().strip()) != b"":
                    name, _, value = line.decode("ascii").partition(":")
                    if name.strip().lower() == "content-length":
                        length = int(value)
                if length is None:
                    return  # end of stream
                self.inbox.put(json.loads(stream.read(length)))
        except (OSError, ValueError):
            return
        finally:
            self.inbox.put(None)

    def _drain_stderr(self) -> None:
        assert self.process.stderr is not None
        for line in self.process.stderr:
            self.stderr.append(line.decode("utf-8", "replace").rstrip())

    def send(self, message: dict[str, Any]) -> None:
        body = json.dumps({"jsonrpc": "2.0", **message}).encode("utf-8")
        assert self.process.stdin is not None
        self.process.stdin.write(b"Content-Length: %d\r\n\r\n" % len(body) + body)
        self.process.stdin.flush()

    def notify(self, method: str, params: Any = None) -> None:
        self.send({"method": method} if params is None else {"method": method, "params": params})

    def _answer(self, request: dict[str, Any]) -> None:
        """Answer a server request as Helix does (helix-term/src/application.rs)."""
        self.server_requests.append(request)
        result: Any = None
        if request["method"] == "workspace/configuration":
            result = []
            for item in request["params"]["items"]:
                section, value = item.get("section") or "", self.config
                for part in section.split(".") if section else []:
                    value = value.get(part) if isinstance(value, dict) else None
                result.append(value)
        self.send({"id": request["id"], "result": result})

    def pump(self, until: Callable[[dict[str, Any]], bool], what: str) -> dict[str, Any]:
        """Handle messages until one satisfies `until`; return it."""
        deadline = time.monotonic() + TIMEOUT
        while True:
            try:
                message = self.inbox.get(timeout=max(0.0, deadline - time.monotonic()))
            except queue.Empty:
                message = None
            if message is None:
                tail = "\n".join(self.stderr[-15:])
                raise AssertionError(f"no {what} (exit {self.process.poll()}); stderr:\n{tail}")
            if "method" in message and "id" in message:
                self._answer(message)
            elif "method" in message:
                self.notifications.append(message)
            if until(message):
                return message

    def request(self, method: str, params: Any = None) -> Any:
        self.next_id += 1
        request_id = self.next_id
        self.send({"id": request_id, "method": method, "params": params})
        response = self.pump(
            lambda m: m.get("id") == request_id and "method" not in m, f"answer to {method}"
        )
        assert "error" not in response, f"{method} failed: {response['error']}"
        return response.get("result")

    def latest_diagnostics(self, path: Path) -> list[dict[str, Any]] | None:
        published = [
            n["params"]["diagnostics"]
            for n in self.notifications
            if n["method"] == "textDocument/publishDiagnostics"
            and uri_to_path(n["params"]["uri"]) == path.resolve()
        ]
        return published[-1] if published else None

    def kill(self) -> None:
        if self.process.poll() is None:
            self.process.kill()
            self.process.wait(timeout=5)
        for stream in (self.process.stdin, self.process.stdout, self.process.stderr):
            if stream is not None:
                with contextlib.suppress(OSError):
                    stream.close()


SPEC_MD = """# Greeter

- **REQ-1** `greet(name)` MUST say hello to `name`.
"""

HELLO_PY = '''def greet(name):
    """REQ-1: say hello."""
    return f"hello {name}"


def shout(text):
    # REQ-7: declared nowhere, so this file always has a diagnostic to publish.
    return text.upper()
'''

VENDOR_PY = "# see REQ-99, which no spec declares\n"

# A test that checks no clause: with a test file read, REQ-1 is reported untested (DIAG-15).
TEST_PY = "def test_upper():\n    assert 'a'.upper() == 'A'\n"


@dataclass
class Session:
    """What one Helix-like session with the configured server saw."""

    root: Path
    config: Any
    initialize: dict[str, Any]
    spec_diagnostics: list[dict[str, Any]]
    code_diagnostics: list[dict[str, Any]]
    vendor_diagnostics: list[dict[str, Any]] | None
    definition: Any
    hover: Any
    shutdown: Any = None
    exit_code: int | None = None
    seconds_to_exit: float = 0.0
    messages: list[str] = field(default_factory=list)
    server_requests: list[str] = field(default_factory=list)


@pytest.fixture(scope="module")
def session(uncommented: dict[str, Any], tmp_path_factory: pytest.TempPathFactory) -> Session:
    """Start trine with the `command`, `args`, `environment` and `config` of the file (its example
    config switched on) in a small workspace, and drive it as Helix would, up to shutdown/exit."""
    server = uncommented["language-server"]["trine"]
    config = server.get("config")
    root = tmp_path_factory.mktemp("helix-workspace").resolve()
    (root / "greeter").mkdir()
    (root / "vendor").mkdir()
    (root / "SPEC.md").write_text(SPEC_MD, encoding="utf-8")
    (root / "greeter" / "hello.py").write_text(HELLO_PY, encoding="utf-8")
    (root / "vendor" / "old.py").write_text(VENDOR_PY, encoding="utf-8")
    (root / "tests").mkdir()
    (root / "tests" / "test_upper.py").write_text(TEST_PY, encoding="utf-8")

    argv = [resolve_command(server["command"]), *server.get("args", [])]
    client = HelixLikeClient(argv, root, server.get("environment", {}), config)
    try:
        initialize = client.request(
            "initialize",
            {
                "processId": os.getpid(),
                "workspaceFolders": [{"uri": root.as_uri(), "name": root.name}],
                "rootPath": str(root),
                "rootUri": root.as_uri(),
                "initializationOptions": config,
                "capabilities": helix_capabilities(),
                "clientInfo": {"name": "helix", "version": "25.07.1"},
            },
        )
        client.notify("initialized", {})
        if config is not None:  # Helix sends its `config` once more, right after `initialized`
            client.notify("workspace/didChangeConfiguration", {"settings": config})
        hello = root / "greeter" / "hello.py"
        client.notify(
            "textDocument/didOpen",
            {
                "textDocument": {
                    "uri": hello.as_uri(),
                    "languageId": "python",
                    "version": 0,
                    "text": HELLO_PY,
                }
            },
        )

        def indexed(_message: dict[str, Any]) -> bool:
            spec = client.latest_diagnostics(root / "SPEC.md")
            code = client.latest_diagnostics(hello)
            return any(d.get("code") == "untested-clause" for d in spec or []) and any(
                d.get("code") == "unknown-reference" for d in code or []
            )

        client.pump(indexed, "diagnostics for SPEC.md and greeter/hello.py")
        position = {
            "textDocument": {"uri": hello.as_uri()},
            "position": {"line": 0, "character": 5},
        }
        found = Session(
            root=root,
            config=config,
            initialize=initialize,
            spec_diagnostics=client.latest_diagnostics(root / "SPEC.md") or [],
            code_diagnostics=client.latest_diagnostics(hello) or [],
            vendor_diagnostics=client.latest_diagnostics(root / "vendor" / "old.py"),
            definition=client.request("textDocument/definition", position),
            hover=client.request("textDocument/hover", position),
        )
        found.shutdown = client.request("shutdown")
        started = time.monotonic()
        client.notify("exit")
        found.exit_code = client.process.wait(timeout=5)
        found.seconds_to_exit = time.monotonic() - started
        found.messages = [
            n["params"]["message"]
            for n in client.notifications
            if n["method"] == "window/showMessage"
        ]
        found.server_requests = [request["method"] for request in client.server_requests]
        return found
    finally:
        client.kill()


# -- the file as Helix reads it -----------------------------------------------------------------


def test_only_keys_helix_reads(languages: dict[str, Any]) -> None:
    """LSP-1: languages.toml holds only tables, keys and value types that Helix 25.07 reads."""
    assert helix_problems(languages) == []


def test_example_config_switched_on_is_still_valid(uncommented: dict[str, Any]) -> None:
    """LSP-18: uncommenting the example `config` in place gives a valid file with a config table."""
    assert helix_problems(uncommented) == []
    assert isinstance(uncommented["language-server"]["trine"].get("config"), dict)


def test_trine_server_entry(languages: dict[str, Any]) -> None:
    """LSP-1: [language-server.trine] runs `trine serve` over stdio."""
    server = languages["language-server"]["trine"]
    assert server["command"] == "trine"
    assert server["args"] == ["serve"]
    assert "--tcp" not in server["args"]


def test_trine_beside_the_default_servers(languages: dict[str, Any]) -> None:
    """LSP-1: python and markdown list Helix 25.07's default servers, then trine, not trine alone."""
    by_name = {language["name"]: language for language in languages["language"]}
    assert set(by_name) == {"python", "markdown"}
    for name, defaults in HELIX_DEFAULTS.items():
        names = server_names(by_name[name])
        assert names == [*defaults, "trine"], name
        assert len(names) > 1 and names.count("trine") == 1
    # Helix 25.07 sends a rename to the first server with prepare-rename; jedi and pylsp have
    # none and trine has, so in Python files trine must not take renames of Python names.
    (python_trine,) = [e for e in by_name["python"]["language-servers"] if "trine" in str(e)]
    assert python_trine == {"name": "trine", "except-features": ["rename-symbol"]}


def test_example_config_is_trine_configuration(uncommented: dict[str, Any]) -> None:
    """LSP-18: the example `config` uses only documented keys and rule codes, with valid values."""
    config = uncommented["language-server"]["trine"]["config"]
    keys, rules = documented_config()
    assert keys == set(TrineConfig.model_fields), "docs/configuration.md is out of date"
    assert set(config) <= keys
    assert set(config.get("severity", {})) <= rules
    TrineConfig.model_validate(config)  # raises on a bad value


def test_readme_snippets_are_valid(languages: dict[str, Any]) -> None:
    """LSP-1: each TOML snippet of the README, merged into the file as Helix does, still reads."""
    snippets = re.findall(r"```toml\n(.*?)```", README.read_text(encoding="utf-8"), re.DOTALL)
    assert len(snippets) >= 4
    for snippet in snippets:
        merged = merge_toml_values(languages, tomllib.loads(snippet))
        assert helix_problems(merged) == [], snippet


# -- the server the file starts -----------------------------------------------------------------


def test_command_starts_a_server_with_hover_and_definition(session: Session) -> None:
    """LSP-1: `command` + `args` start trine, which answers Helix's initialize with its features."""
    capabilities = session.initialize["capabilities"]
    for provider in (
        "hoverProvider",  # space k
        "definitionProvider",  # g d
        "implementationProvider",  # g i
        "referencesProvider",  # g r
        "codeActionProvider",  # space a
        "renameProvider",  # space r
        "documentSymbolProvider",  # space s
        "workspaceSymbolProvider",  # space S
        "completionProvider",
    ):
        assert capabilities.get(provider) not in (None, False), provider


def test_utf8_positions_with_helix(session: Session) -> None:
    """LSP-17: Helix prefers UTF-8 positions, and trine agrees to them."""
    assert session.initialize["capabilities"].get("positionEncoding") == "utf-8"


def test_config_reaches_the_server(session: Session) -> None:
    """LSP-18: the `config` table arrives as initializationOptions and trine applies it."""
    assert session.config["severity"] == {"untested-clause": "hint", "untraced-symbol": "off"}
    assert "vendor/**" in session.config["exclude"]
    untested = [d for d in session.spec_diagnostics if d.get("code") == "untested-clause"]
    assert untested and all(d["severity"] == 4 for d in untested)  # hint, not warning
    assert all(d.get("code") != "untraced-symbol" for d in session.code_diagnostics)
    assert not session.vendor_diagnostics  # vendor/** is excluded: REQ-99 is not reported
    assert session.messages == []  # no "ignoring a setting" warning: every value was good
    # trine also asks for the section `trine`; Helix looks it up in the same table and answers
    # null (the table is flat), which leaves the initializationOptions in force.
    assert "workspace/configuration" in session.server_requests


def test_definition_jumps_to_spec(session: Session) -> None:
    """LSP-8: `gd` on a function name lands on its clause in the spec; `space k` shows it."""
    result = session.definition
    targets = result if isinstance(result, list) else [result]
    assert targets and targets[0] is not None, result
    first = targets[0]
    uri = first.get("targetUri") or first["uri"]
    target = first.get("targetSelectionRange") or first["range"]
    assert uri_to_path(uri) == session.root / "SPEC.md"
    assert target["start"]["line"] == SPEC_MD.split("\n").index(
        "- **REQ-1** `greet(name)` MUST say hello to `name`."
    )
    assert "REQ-1" in json.dumps(session.hover)


def test_shutdown_and_exit(session: Session) -> None:
    """LSP-3: after Helix's shutdown and exit the server stops with status 0 at once."""
    assert session.shutdown is None
    assert session.exit_code == 0
    assert session.seconds_to_exit < 5


# -- Helix itself, where there is one ----------------------------------------------------------


def test_hx_health_lists_trine(tmp_path: Path) -> None:
    """LSP-1: `hx --health` with this languages.toml finds trine for python and markdown."""
    hx = shutil.which("hx")
    if hx is None:
        pytest.skip("no hx binary: Helix is not packaged on PyPI, npm or Debian 12 here")
    config_home = tmp_path / "config"
    (config_home / "helix").mkdir(parents=True)
    shutil.copy(LANGUAGES_TOML, config_home / "helix" / "languages.toml")
    bin_dir = str(Path(resolve_command("trine")).parent)
    env = {
        **os.environ,
        "XDG_CONFIG_HOME": str(config_home),
        "PATH": bin_dir + os.pathsep + os.environ.get("PATH", ""),
        "NO_COLOR": "1",
    }
    for language in ("python", "markdown"):
        run = subprocess.run(
            [hx, "--health", language],
            cwd=tmp_path,
            env=env,
            capture_output=True,
            text=True,
            timeout=30,
        )
        output = re.sub(r"\x1b\[[0-9;]*m", "", run.stdout + run.stderr)
        assert run.returncode == 0, output
        assert re.search(r"✓ trine: \S*trine", output), output
