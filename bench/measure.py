"""The measurements: the floor, `trine check` cold and warm, peak memory, and the LSP session.

Everything here is standard library plus the parsers trine itself depends on (tree_sitter,
tree_sitter_python, markdown_it), imported from the same environment as trine, so the floor
uses the same Python and the same library versions as the tool it is compared with.

* The **floor** (`measure_floor`) is the least work any tool reading this workspace must do, in
  one process: walk the tree, read every `.py` and spec `.md` file and decode it, tree-sitter
  parse every Python file (the raw bytes) and run one small query for definitions, comments and
  strings, and parse every spec with `MarkdownIt("commonmark").parse(text)`.
* **trine check** (`run_check`) runs `trine check --format json` as a child process with
  `TRINE_CACHE_DIR` pointing at a given directory, its output going to a file. Its peak RSS is
  the `ru_maxrss` that `os.wait4` returns for that child (the largest resident set of it and of
  the children it waited for), and, since a parallel index runs worker processes, the sampled
  peak of the sum over its whole process tree is recorded too.
* The **LSP session** (`measure_lsp`) drives `trine serve` over stdio with `LspClient`, a small
  JSON-RPC client: initialize (advertising `window.workDoneProgress`, answering
  `window/workDoneProgress/create` and every other server request with a null result), wait for
  the `$/progress` end of the first index, open the 5,000-line module and time single-character
  edits until the `textDocument/publishDiagnostics` of that document's new version arrives,
  time hover, definition, references and completion requests, then the same edit loop on the
  2,000-clause spec, and finally `shutdown`/`exit` and the server's peak RSS.
"""

from __future__ import annotations

import contextlib
import itertools
import json
import os
import statistics
import subprocess
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

FLOOR_QUERY = (
    "(function_definition name: (identifier) @n) (class_definition name: (identifier) @n)"
    " (comment) @c (string) @s"
)
SPEC_DIR = "docs/spec/"
_PAGE = os.sysconf("SC_PAGE_SIZE")


# -- statistics ------------------------------------------------------------------------------


def percentile(values: list[float], q: float) -> float | None:
    """The q-th percentile (0..100) with linear interpolation between order statistics."""
    if not values:
        return None
    ordered = sorted(values)
    if len(ordered) == 1:
        return ordered[0]
    rank = (len(ordered) - 1) * q / 100
    low = int(rank)
    high = min(low + 1, len(ordered) - 1)
    return ordered[low] + (ordered[high] - ordered[low]) * (rank - low)


def summarize_ms(seconds: list[float]) -> dict[str, Any]:
    """p50, p95, p99, min, max and mean of latencies given in seconds, in milliseconds."""
    ms = [s * 1000 for s in seconds]
    if not ms:
        return {"n": 0}
    return {
        "n": len(ms),
        "p50_ms": percentile(ms, 50),
        "p95_ms": percentile(ms, 95),
        "p99_ms": percentile(ms, 99),
        "min_ms": min(ms),
        "max_ms": max(ms),
        "mean_ms": statistics.fmean(ms),
    }


# -- the floor -------------------------------------------------------------------------------


def _parsers() -> tuple[Any, Any, Any, Any]:
    import tree_sitter
    import tree_sitter_python
    from markdown_it import MarkdownIt

    language = tree_sitter.Language(tree_sitter_python.language())
    query = tree_sitter.Query(language, FLOOR_QUERY)
    return tree_sitter, tree_sitter.Parser(language), query, MarkdownIt("commonmark")


def workspace_files(root: Path) -> list[str]:
    """The files the floor reads: every `.py` file and every `.md` under docs/spec/, sorted
    (hidden folders are skipped, as trine skips them)."""
    found: list[str] = []
    for directory, dirs, files in os.walk(root):
        dirs[:] = sorted(d for d in dirs if not d.startswith("."))
        rel = os.path.relpath(directory, root)
        rel = "" if rel == "." else rel.replace(os.sep, "/") + "/"
        for name in sorted(files):
            path = rel + name
            if name.endswith(".py") or (name.endswith(".md") and path.startswith(SPEC_DIR)):
                found.append(path)
    return found


def measure_floor(root: Path) -> dict[str, Any]:
    """Walk, read, decode, tree-sitter parse and query every Python file and markdown-it parse
    every spec, in this process; returns the total and its parts in seconds."""
    tree_sitter, parser, query, markdown = _parsers()
    clock = time.perf_counter
    start = clock()
    files = workspace_files(root)
    walked = clock()
    read = parse = run_query = md = 0.0
    captures = tokens = size = 0
    for relpath in files:
        t0 = clock()
        data = (root / relpath).read_bytes()
        text = data.decode("utf-8", "replace")
        t1 = clock()
        read += t1 - t0
        size += len(data)
        if relpath.endswith(".py"):
            tree = parser.parse(data)
            t2 = clock()
            found = tree_sitter.QueryCursor(query).captures(tree.root_node)
            captures += sum(len(nodes) for nodes in found.values())
            parse += t2 - t1
            run_query += clock() - t2
        else:
            tokens += len(markdown.parse(text))
            md += clock() - t1
    total = clock() - start
    return {
        "seconds": total,
        "walk_seconds": walked - start,
        "read_seconds": read,
        "parse_seconds": parse,
        "query_seconds": run_query,
        "markdown_seconds": md,
        "files": len(files),
        "bytes": size,
        "captures": captures,
        "markdown_tokens": tokens,
    }


def time_parse(path: Path, repeat: int = 7) -> dict[str, Any]:
    """In-process time of a full tree-sitter parse of one Python file (median of `repeat`),
    and of parse plus the floor query."""
    tree_sitter, parser, query, _ = _parsers()
    data = path.read_bytes()
    parses, with_query = [], []
    for _ in range(repeat):
        t0 = time.perf_counter()
        tree = parser.parse(data)
        t1 = time.perf_counter()
        tree_sitter.QueryCursor(query).captures(tree.root_node)
        t2 = time.perf_counter()
        parses.append(t1 - t0)
        with_query.append(t2 - t0)
    return {
        "lines": data.count(b"\n"),
        "bytes": len(data),
        "parse_ms": statistics.median(parses) * 1000,
        "parse_and_query_ms": statistics.median(with_query) * 1000,
        "repeat": repeat,
    }


def time_markdown(path: Path, repeat: int = 7) -> dict[str, Any]:
    """In-process time of a full `MarkdownIt("commonmark").parse` of one spec (median)."""
    _, _, _, markdown = _parsers()
    text = path.read_text("utf-8")
    times = []
    for _ in range(repeat):
        t0 = time.perf_counter()
        markdown.parse(text)
        times.append(time.perf_counter() - t0)
    return {
        "lines": text.count("\n"),
        "bytes": len(text.encode()),
        "parse_ms": statistics.median(times) * 1000,
        "repeat": repeat,
    }


# -- process memory --------------------------------------------------------------------------


def _children(pid: int) -> list[int]:
    found: list[int] = []
    with contextlib.suppress(OSError):
        for task in os.listdir(f"/proc/{pid}/task"):
            with contextlib.suppress(OSError), open(f"/proc/{pid}/task/{task}/children") as f:
                found += [int(p) for p in f.read().split()]
    return found


def tree_rss(pid: int) -> int:
    """The summed resident set size (bytes) of a process and all its descendants, now."""
    total = 0
    stack = [pid]
    while stack:
        current = stack.pop()
        with contextlib.suppress(OSError, ValueError, IndexError):
            with open(f"/proc/{current}/statm") as f:
                total += int(f.read().split()[1]) * _PAGE
            stack += _children(current)
    return total


def status_kb(pid: int, key: str) -> int | None:
    """A field of /proc/PID/status in kB (VmRSS, VmHWM), None when unavailable."""
    with contextlib.suppress(OSError, ValueError), open(f"/proc/{pid}/status") as f:
        for line in f:
            if line.startswith(key + ":"):
                return int(line.split()[1])
    return None


class RssSampler:
    """Samples the summed RSS of a process tree every `interval` seconds until stopped."""

    def __init__(self, pid: int, interval: float = 0.05) -> None:
        self.pid = pid
        self.interval = interval
        self.peak = 0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)

    def __enter__(self) -> RssSampler:
        self._thread.start()
        return self

    def __exit__(self, *_: object) -> None:
        self._stop.set()
        self._thread.join()

    def _run(self) -> None:
        while not self._stop.is_set():
            self.peak = max(self.peak, tree_rss(self.pid))
            self._stop.wait(self.interval)


def wait_with_usage(proc: subprocess.Popen[Any]) -> tuple[int, float]:
    """Wait for a child with wait4: its exit code and its peak RSS in MB (ru_maxrss, kB)."""
    _, status, usage = os.wait4(proc.pid, 0)
    proc.returncode = os.waitstatus_to_exitcode(status)
    return proc.returncode, usage.ru_maxrss / 1024


# -- trine check -----------------------------------------------------------------------------


def run_check(trine: str, root: Path, cache_dir: Path, output: Path) -> dict[str, Any]:
    """One `trine check --format json` in a fresh child process (cwd = workspace root)."""
    env = {**os.environ, "TRINE_CACHE_DIR": str(cache_dir), "NO_COLOR": "1"}
    cache_dir.mkdir(parents=True, exist_ok=True)
    err_path = output.with_suffix(".stderr")
    with output.open("wb") as out, err_path.open("wb") as err:
        start = time.perf_counter()
        proc = subprocess.Popen(
            [trine, "check", ".", "--format", "json"],
            cwd=root,
            stdout=out,
            stderr=err,
            stdin=subprocess.DEVNULL,
            env=env,
        )
        with RssSampler(proc.pid) as sampler:
            code, maxrss_mb = wait_with_usage(proc)
            seconds = time.perf_counter() - start
    stderr = err_path.read_text("utf-8", "replace")
    if code not in (0, 1):
        raise RuntimeError(f"trine check exited {code} on {root}:\n{stderr[-3000:]}")
    return {
        "seconds": seconds,
        "exit_code": code,
        "peak_rss_mb": maxrss_mb,
        "peak_tree_rss_mb": sampler.peak / 2**20,
        "output_bytes": output.stat().st_size,
        "stderr_tail": stderr[-500:],
    }


def report_summary(output: Path) -> dict[str, Any]:
    """The counts of a `--format json` report: summary, and how many of each kind it lists."""
    with output.open("rb") as f:
        report = json.load(f)
    counts = {
        key: len(report[key])
        for key in ("clauses", "symbols", "tests", "links", "diagnostics")
        if isinstance(report.get(key), list)
    }
    by_code: dict[str, int] = {}
    for diagnostic in report.get("diagnostics", []):
        code = diagnostic.get("code", "?")
        by_code[code] = by_code.get(code, 0) + 1
    return {"summary": report.get("summary"), "counts": counts, "diagnostics_by_code": by_code}


# -- the LSP client --------------------------------------------------------------------------


@dataclass
class Published:
    """One `textDocument/publishDiagnostics` as received."""

    uri: str
    version: int | None
    count: int
    errors: int
    at: float


@dataclass
class _Pending:
    event: threading.Event = field(default_factory=threading.Event)
    message: dict[str, Any] | None = None
    at: float = 0.0


class LspClient:
    """A minimal JSON-RPC 2.0 client for a language server on the stdio of a child process.

    A reader thread parses every message as it arrives and timestamps it: responses wake the
    waiting request, server requests get an immediate answer (null, or one null per item for
    `workspace/configuration`), and notifications are recorded for `wait_for`.
    """

    def __init__(self, argv: list[str], cwd: Path, env: dict[str, str], log: Path) -> None:
        self._log = log.open("wb")
        self.proc = subprocess.Popen(
            argv, cwd=cwd, env=env, stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=self._log
        )
        self._write_lock = threading.Lock()
        self._cond = threading.Condition()
        self._pending: dict[int, _Pending] = {}
        self._next_id = 0
        self.published: list[Published] = []
        self.progress_end_at: float | None = None
        self.status: list[tuple[float, dict[str, Any]]] = []
        self.server_requests: dict[str, int] = {}
        self.messages = 0
        self.closed = False
        self._reader = threading.Thread(target=self._read_loop, daemon=True)
        self._reader.start()

    # -- wire --

    def _send(self, message: dict[str, Any]) -> float:
        body = json.dumps(message, separators=(",", ":")).encode()
        data = b"Content-Length: %d\r\n\r\n" % len(body) + body
        assert self.proc.stdin is not None
        with self._write_lock:
            sent = time.perf_counter()
            self.proc.stdin.write(data)
            self.proc.stdin.flush()
        return sent

    def _read_loop(self) -> None:
        stream = self.proc.stdout
        assert stream is not None
        try:
            while True:
                length = None
                while True:
                    line = stream.readline()
                    if not line:
                        return
                    line = line.strip()
                    if not line:
                        break
                    name, _, value = line.partition(b":")
                    if name.strip().lower() == b"content-length":
                        length = int(value.strip())
                if length is None:
                    continue
                body = stream.read(length)
                at = time.perf_counter()
                self._dispatch(json.loads(body), at)
        finally:
            with self._cond:
                self.closed = True
                self._cond.notify_all()
                for pending in self._pending.values():
                    pending.event.set()

    def _dispatch(self, message: dict[str, Any], at: float) -> None:
        self.messages += 1
        method = message.get("method")
        if method is None:
            pending = self._pending.get(message.get("id", -1))
            if pending is not None:
                pending.message, pending.at = message, at
                pending.event.set()
            return
        if "id" in message:
            self.server_requests[method] = self.server_requests.get(method, 0) + 1
            result: Any = None
            if method == "workspace/configuration":
                result = [None] * len(message.get("params", {}).get("items", []))
            self._send({"jsonrpc": "2.0", "id": message["id"], "result": result})
            return
        params = message.get("params") or {}
        with self._cond:
            if method == "textDocument/publishDiagnostics":
                diagnostics = params.get("diagnostics", [])
                self.published.append(
                    Published(
                        params.get("uri", ""),
                        params.get("version"),
                        len(diagnostics),
                        sum(1 for d in diagnostics if d.get("severity") == 1),
                        at,
                    )
                )
            elif method == "$/progress" and (params.get("value") or {}).get("kind") == "end":
                self.progress_end_at = at
            elif method == "trine/status":
                self.status.append((at, params))
            self._cond.notify_all()

    # -- API --

    def rpc_request(self, method: str, params: Any, timeout: float = 300) -> tuple[Any, float]:
        """Send a request and wait for its answer: (result, seconds from send to receipt)."""
        self._next_id += 1
        ident = self._next_id
        pending = self._pending[ident] = _Pending()
        sent = self._send({"jsonrpc": "2.0", "id": ident, "method": method, "params": params})
        if not pending.event.wait(timeout) or pending.message is None:
            raise TimeoutError(f"{method}: no answer in {timeout} s")
        del self._pending[ident]
        if "error" in pending.message:
            raise RuntimeError(f"{method} failed: {pending.message['error']}")
        return pending.message.get("result"), pending.at - sent

    def rpc_notify(self, method: str, params: Any) -> float:
        """Send a notification; returns the time it was written."""
        return self._send({"jsonrpc": "2.0", "method": method, "params": params})

    def wait_for(self, predicate: Callable[[], Any], timeout: float) -> Any:
        """Wait until predicate() is truthy (checked under the lock after every notification)."""
        deadline = time.perf_counter() + timeout
        with self._cond:
            while True:
                value = predicate()
                if value:
                    return value
                left = deadline - time.perf_counter()
                if left <= 0 or self.closed:
                    return value
                self._cond.wait(left)

    def rpc_close(self, timeout: float = 30) -> tuple[int, float]:
        """shutdown, exit, and reap the process: (exit code, ru_maxrss in MB)."""
        with contextlib.suppress(Exception):
            self.rpc_request("shutdown", None, timeout=timeout)
            self.rpc_notify("exit", None)
        with contextlib.suppress(Exception):
            assert self.proc.stdin is not None
            self.proc.stdin.close()
        timer = threading.Timer(timeout, self.proc.kill)
        timer.start()
        try:
            code, rss = wait_with_usage(self.proc)
        finally:
            timer.cancel()
            self._log.close()
        return code, rss


# -- the LSP session -------------------------------------------------------------------------


def _capabilities() -> dict[str, Any]:
    return {
        "general": {"positionEncodings": ["utf-16"]},
        "window": {"workDoneProgress": True},
        "textDocument": {
            "synchronization": {"didSave": True},
            "hover": {"contentFormat": ["markdown", "plaintext"]},
            "completion": {"completionItem": {"documentationFormat": ["markdown"]}},
            "publishDiagnostics": {"versionSupport": True},
        },
        "workspace": {"configuration": False, "workspaceFolders": True},
    }


@dataclass
class EditPlan:
    """Single-character edits at one place: insert `char`, then delete it, and so on, so that
    every edit changes the document's diagnostics (an id becomes undeclared, then declared)."""

    uri: str
    line: int
    col: int
    char: str = "9"


def _edit_loop(
    client: LspClient, plan: EditPlan, version: int, count: int, warmup: int, budget: float
) -> tuple[list[float], int, dict[str, Any]]:
    """Time `count` edits (after `warmup` untimed ones) from didChange to the
    publishDiagnostics of the new version; stops early after `budget` seconds (at least 10
    timed edits). A cheap request after each edit makes sure the server is idle again."""
    latencies: list[float] = []
    inserted = False
    started = time.perf_counter()
    timeouts = 0
    error_counts: list[int] = []
    for index in range(warmup + count):
        if index >= warmup + 10 and time.perf_counter() - started > budget and not inserted:
            break
        version += 1
        position = {"line": plan.line, "character": plan.col}
        if inserted:
            end = {"line": plan.line, "character": plan.col + len(plan.char)}
            change = {"range": {"start": position, "end": end}, "text": ""}
        else:
            change = {"range": {"start": position, "end": position}, "text": plan.char}
        inserted = not inserted
        mark = len(client.published)
        sent = client.rpc_notify(
            "textDocument/didChange",
            {
                "textDocument": {"uri": plan.uri, "version": version},
                "contentChanges": [change],
            },
        )
        wanted = version

        def arrived(mark: int = mark, wanted: int = wanted) -> Published | None:
            for item in client.published[mark:]:
                if item.uri == plan.uri and (item.version is None or item.version >= wanted):
                    return item
            return None

        # Generous, but bounded: a server that never publishes must not hang the benchmark.
        limit = max(60.0, 10 * max(latencies, default=12.0))
        item = client.wait_for(arrived, timeout=limit)
        if item is None:
            timeouts += 1
            if timeouts >= 3:
                break
        elif index >= warmup:
            latencies.append(item.at - sent)
            error_counts.append(item.errors)
        client.rpc_request(
            "textDocument/hover",
            {"textDocument": {"uri": plan.uri}, "position": {"line": 0, "character": 0}},
        )
    alternating = all(a != b for a, b in itertools.pairwise(error_counts))
    info = {
        "timeouts": timeouts,
        "errors_alternate": alternating,
        "samples_ms": [round(s * 1000, 3) for s in latencies],
    }
    return latencies, version, info


def _open(client: LspClient, path: Path, uri: str, timeout: float = 600) -> float | None:
    """didOpen a document; the time until its diagnostics arrive (None if the server sent
    none: a request answered after the didOpen shows it was handled, and a short grace
    period allows for a server that publishes in the background)."""
    mark = len(client.published)
    sent = client.rpc_notify(
        "textDocument/didOpen",
        {
            "textDocument": {
                "uri": uri,
                "languageId": "markdown" if path.suffix == ".md" else "python",
                "version": 1,
                "text": path.read_text("utf-8"),
            }
        },
    )
    client.rpc_request(
        "textDocument/hover",
        {"textDocument": {"uri": uri}, "position": {"line": 0, "character": 0}},
        timeout=timeout,
    )
    item = client.wait_for(
        lambda: next((p for p in client.published[mark:] if p.uri == uri), None), 5.0
    )
    return None if item is None else item.at - sent


def measure_lsp(
    trine: str,
    workspace: Any,
    cache_dir: Path,
    log: Path,
    edits: int,
    requests: int,
    budget: float,
    progress: Callable[[str], None] = lambda _: None,
) -> dict[str, Any]:
    """One `trine serve` session on a generated workspace (see the module docstring)."""
    root: Path = workspace.root
    env = {**os.environ, "TRINE_CACHE_DIR": str(cache_dir)}
    cache_dir.mkdir(parents=True, exist_ok=True)
    started = time.perf_counter()
    client = LspClient([trine, "serve"], root, env, log)
    result: dict[str, Any] = {}
    try:
        _, init_seconds = client.rpc_request(
            "initialize",
            {
                "processId": os.getpid(),
                "clientInfo": {"name": "trine-bench"},
                "rootUri": root.as_uri(),
                "workspaceFolders": [{"uri": root.as_uri(), "name": root.name}],
                "capabilities": _capabilities(),
            },
        )
        initialized = client.rpc_notify("initialized", {})
        ended = client.wait_for(lambda: client.progress_end_at, timeout=3600)
        if not ended:
            raise TimeoutError("trine serve never ended its indexing progress")
        index_seconds = ended - initialized
        status = client.wait_for(
            lambda: next((t for t, _ in client.status if t >= ended), None), timeout=600
        )
        result["initialize_ms"] = init_seconds * 1000
        result["index_seconds"] = index_seconds
        result["ready_seconds"] = (status - initialized) if status else None
        result["rss_after_index_mb"] = (status_kb(client.proc.pid, "VmRSS") or 0) / 1024
        result["initial_publishes"] = len(client.published)
        progress(f"indexed in {index_seconds:.1f} s")

        code_path = root / workspace.edit.path
        code_uri = code_path.as_uri()
        result["open_code_ms"] = _ms(_open(client, code_path, code_uri))
        latencies, _, info = _edit_loop(
            client,
            EditPlan(code_uri, workspace.edit.line, workspace.edit.col),
            1,
            edits,
            2,
            budget,
        )
        result["code_edit"] = {**summarize_ms(latencies), **info}
        progress(f"code edits p50 {result['code_edit'].get('p50_ms', 0):.0f} ms")

        result["requests"] = _requests(client, workspace, code_uri, requests, budget)
        progress("requests done")

        spec_path = root / workspace.spec_edit.path
        spec_uri = spec_path.as_uri()
        result["open_spec_ms"] = _ms(_open(client, spec_path, spec_uri))
        latencies, _, info = _edit_loop(
            client,
            EditPlan(spec_uri, workspace.spec_edit.line, workspace.spec_edit.col),
            1,
            edits,
            2,
            budget,
        )
        result["spec_edit"] = {**summarize_ms(latencies), **info}
        progress(f"spec edits p50 {result['spec_edit'].get('p50_ms', 0):.0f} ms")
        result["peak_rss_hwm_mb"] = (status_kb(client.proc.pid, "VmHWM") or 0) / 1024
        result["server_requests"] = dict(client.server_requests)
        result["messages_received"] = client.messages
    finally:
        code, maxrss = client.rpc_close()
    result["exit_code"] = code
    result["peak_rss_mb"] = maxrss
    result["session_seconds"] = time.perf_counter() - started
    return result


def _ms(seconds: float | None) -> float | None:
    return None if seconds is None else seconds * 1000


def _requests(
    client: LspClient, workspace: Any, uri: str, count: int, budget: float
) -> dict[str, Any]:
    """Hover, definition, references and completion, each on the function and on the clause
    reference: `count` sequential requests per pair (fewer if one pair exceeds the budget)."""
    targets = {
        "function": {
            "hover": workspace.function_name,
            "definition": workspace.function_name,
            "references": workspace.function_name,
            "completion": workspace.completion_in_comment,
        },
        "reference": {
            "hover": workspace.clause_reference,
            "definition": workspace.clause_reference,
            "references": workspace.clause_reference,
            "completion": workspace.completion_after_reference,
        },
    }
    methods = {
        "hover": "textDocument/hover",
        "definition": "textDocument/definition",
        "references": "textDocument/references",
        "completion": "textDocument/completion",
    }
    out: dict[str, Any] = {}
    for target, kinds in targets.items():
        for kind, where in kinds.items():
            params: dict[str, Any] = {
                "textDocument": {"uri": uri},
                "position": {"line": where.line, "character": where.col},
            }
            if kind == "references":
                params["context"] = {"includeDeclaration": True}
            times: list[float] = []
            size = 0
            started = time.perf_counter()
            for index in range(count):
                if index >= 5 and time.perf_counter() - started > budget / 8:
                    break
                answer, seconds = client.rpc_request(methods[kind], params)
                times.append(seconds)
                size = _result_size(answer)
            out[f"{kind}@{target}"] = {
                **summarize_ms(times),
                "result_items": size,
                "position": [where.line, where.col],
            }
    return out


def _result_size(answer: Any) -> int:
    """How much a request returned: list length, completion items, or 1 for a hover."""
    if answer is None:
        return 0
    if isinstance(answer, list):
        return len(answer)
    if isinstance(answer, dict) and "items" in answer:
        return len(answer["items"])
    return 1
