"""trine's soak test: `make soak` runs this file with the project's virtual environment.

    .venv/bin/python bench/soak.py                  # the whole soak (~5 minutes on 2 cores)
    .venv/bin/python bench/soak.py --edits 300 --skip-fuzz   # a smoke run
    .venv/bin/python bench/soak.py --help

It generates the benchmark's workspace (bench/workspace.py, 1,000 files by default) under the
scratch directory, starts `trine serve` over stdio with the benchmark's JSON-RPC client
(bench/measure.py), opens several files and performs thousands of single-character edits
across them, each followed by a hover or a completion. Edits alternate between inserting a
character and deleting it again, so every document returns to its first text: a server that
keeps nothing it should not must end where it started. The server's resident memory (VmRSS of
/proc/PID/status) and the latency from each edit to the answer of the request after it are
taken in windows; the soak fails if the last window's RSS exceeds the first's by more than 20%
plus 20 MB, or if its p95 latency exceeds twice the first window's. Then it runs the fuzz tests
(tests/fuzz) with TRINE_FUZZ=long.

Results go to bench/soak.json and to the "Figures" section of docs/reliability.md (between its
`soak` markers; the rest of that file is left as it is). Exit status 1 when a check fails.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import shutil
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

import measure
import workspace
from run import find_trine, machine, trine_info, versions

REPO = Path(__file__).resolve().parent.parent
RSS_FACTOR = 1.2
RSS_SLACK_MB = 20.0
LATENCY_FACTOR = 2.0
LATENCY_FLOOR_MS = 2.0
BEGIN = "<!-- soak:begin -->"
END = "<!-- soak:end -->"
_START = time.perf_counter()


def log(message: str) -> None:
    """Progress on stderr, with the time since start."""
    print(f"[soak {time.perf_counter() - _START:7.1f}s] {message}", file=sys.stderr, flush=True)


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="bench/soak.py",
        description=__doc__.split("\n")[0],
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("--size", type=int, default=1000, help="workspace files (default 1000)")
    parser.add_argument("--edits", type=int, default=3000, help="edits in all (default 3000)")
    parser.add_argument("--windows", type=int, default=10, help="measurement windows (10)")
    parser.add_argument("--seed", default="trine-soak-1", help="workspace seed")
    parser.add_argument(
        "--out", type=Path, default=Path("/tmp/trine-soak"), help="scratch directory"
    )
    parser.add_argument("--trine", help="trine executable (default: the venv's)")
    parser.add_argument("--skip-fuzz", action="store_true", help="do not run the long fuzz tests")
    parser.add_argument("--fuzz-timeout", type=float, default=600, help="seconds (default 600)")
    parser.add_argument(
        "--results", type=Path, default=REPO / "bench" / "soak.json", help="results JSON"
    )
    parser.add_argument(
        "--markdown",
        type=Path,
        default=REPO / "docs" / "reliability.md",
        help="document whose Figures section is rewritten",
    )
    return parser


# -- the documents and what is done in them ----------------------------------------------------


@dataclass
class Spot:
    """An open document and the place it is edited, hovered and completed at (0-based line,
    UTF-16 column; generated lines are ASCII), with the character typed there."""

    path: str
    uri: str
    line: int
    col: int
    char: str
    version: int = 1
    inserted: bool = False


_REFERENCE = re.compile(r"(?<![\w*-])[A-Z]+-\d+(?![\w*-])")


def _reference_spot(root: Path, path: str) -> tuple[int, int]:
    """Just after the first clause id that is a reference, not a declaration: typing a letter
    there unlinks it, deleting the letter links it again, and diagnostics change each time."""
    lines = (root / path).read_text("utf-8").split("\n")
    for number, line in enumerate(lines):
        for match in _REFERENCE.finditer(line):
            if line[: match.start()].strip(" -#*") or path.endswith(".py"):
                return number, match.end()
    return 0, 0


def spots(ws: workspace.Workspace) -> list[Spot]:
    """The 5,000-line module at the benchmark's edit place (an id that becomes undeclared), and
    an area spec, an area module and a test file after a clause reference."""
    root = ws.root
    found = [Spot(ws.edit.path, (root / ws.edit.path).as_uri(), ws.edit.line, ws.edit.col, "9")]
    tests = sorted((root / "tests").rglob("test_*.py"))[0].relative_to(root).as_posix()
    for path in ("docs/spec/area-001.md", "benpkg/area_001.py", tests):
        line, col = _reference_spot(root, path)
        found.append(Spot(path, (root / path).as_uri(), line, col, "x"))
    return found


def _open(client: measure.LspClient, root: Path, spot: Spot) -> None:
    client.rpc_notify(
        "textDocument/didOpen",
        {
            "textDocument": {
                "uri": spot.uri,
                "languageId": "markdown" if spot.path.endswith(".md") else "python",
                "version": spot.version,
                "text": (root / spot.path).read_text("utf-8"),
            }
        },
    )


def _edit(client: measure.LspClient, spot: Spot) -> float:
    """One single-character edit: type the spot's character, or delete it again."""
    spot.version += 1
    start = {"line": spot.line, "character": spot.col}
    if spot.inserted:
        change = {
            "range": {"start": start, "end": {"line": spot.line, "character": spot.col + 1}},
            "text": "",
        }
    else:
        change = {"range": {"start": start, "end": start}, "text": spot.char}
    spot.inserted = not spot.inserted
    return client.rpc_notify(
        "textDocument/didChange",
        {"textDocument": {"uri": spot.uri, "version": spot.version}, "contentChanges": [change]},
    )


def _request(client: measure.LspClient, spot: Spot, kind: str) -> Any:
    params: dict[str, Any] = {
        "textDocument": {"uri": spot.uri},
        "position": {"line": spot.line, "character": spot.col},
    }
    answer, _ = client.rpc_request(f"textDocument/{kind}", params, timeout=120)
    return answer


def rss_mb(pid: int) -> float:
    """The server's resident set now, in MB."""
    return (measure.status_kb(pid, "VmRSS") or 0) / 1024


# -- the session --------------------------------------------------------------------------------


def soak_session(trine: str, ws: workspace.Workspace, args: argparse.Namespace) -> dict[str, Any]:
    """Index the workspace in `trine serve`, then edit, hover and complete in windows."""
    root = ws.root
    cache = args.out / "cache"
    shutil.rmtree(cache, ignore_errors=True)
    cache.mkdir(parents=True)
    env = {**os.environ, "TRINE_CACHE_DIR": str(cache)}
    client = measure.LspClient([trine, "serve"], root, env, args.out / "serve.log")
    result: dict[str, Any] = {}
    try:
        client.rpc_request(
            "initialize",
            {
                "processId": os.getpid(),
                "clientInfo": {"name": "trine-soak"},
                "rootUri": root.as_uri(),
                "workspaceFolders": [{"uri": root.as_uri(), "name": root.name}],
                "capabilities": measure._capabilities(),
            },
        )
        initialized = client.rpc_notify("initialized", {})
        ended = client.wait_for(lambda: client.progress_end_at, timeout=1800)
        if not ended:
            raise TimeoutError("trine serve never ended its indexing progress")
        result["index_seconds"] = ended - initialized
        result["rss_after_index_mb"] = rss_mb(client.proc.pid)
        log(
            f"indexed in {result['index_seconds']:.1f} s, RSS {result['rss_after_index_mb']:.0f} MB"
        )

        places = spots(ws)
        for spot in places:
            _open(client, root, spot)
            _request(client, spot, "hover")
        result["open_files"] = [s.path for s in places]
        result["rss_before_mb"] = rss_mb(client.proc.pid)

        kinds = ("hover", "completion")
        per_window = max(1, args.edits // args.windows)
        windows: list[dict[str, Any]] = []
        latencies: list[float] = []
        by_kind: dict[str, list[float]] = {k: [] for k in kinds}
        by_place: dict[str, list[float]] = {f"{k}@{s.path}": [] for s in places for k in kinds}
        started = time.perf_counter()
        for index in range(per_window * args.windows):
            spot = places[index % len(places)]
            kind = kinds[(index // len(places)) % len(kinds)]
            sent = _edit(client, spot)
            _request(client, spot, kind)
            seconds = time.perf_counter() - sent
            latencies.append(seconds)
            by_kind[kind].append(seconds)
            by_place[f"{kind}@{spot.path}"].append(seconds)
            if (index + 1) % per_window == 0:
                window = {
                    "window": len(windows) + 1,
                    "edits": index + 1,
                    "rss_mb": rss_mb(client.proc.pid),
                    "seconds": time.perf_counter() - started,
                    **measure.summarize_ms(latencies),
                    **{
                        f"{k}_p95_ms": measure.percentile([s * 1000 for s in v], 95)
                        for k, v in by_kind.items()
                    },
                }
                windows.append(window)
                log(
                    f"window {window['window']}/{args.windows}: {window['edits']} edits,"
                    f" RSS {window['rss_mb']:.0f} MB, p50 {window['p50_ms']:.1f} ms,"
                    f" p95 {window['p95_ms']:.1f} ms"
                )
                latencies = []
                by_kind = {k: [] for k in kinds}
        # Every document is back at its first text: its diagnostics must be there still.
        result["publishes"] = len(client.published)
        result["server_requests"] = dict(client.server_requests)
        result["windows"] = windows
        result["by_place"] = {k: measure.summarize_ms(v) for k, v in by_place.items()}
        result["edits"] = per_window * args.windows
        result["requests"] = per_window * args.windows + len(places)
        result["rss_after_mb"] = rss_mb(client.proc.pid)
        result["peak_rss_hwm_mb"] = (measure.status_kb(client.proc.pid, "VmHWM") or 0) / 1024
        result["edit_seconds"] = time.perf_counter() - started
    finally:
        code, maxrss = client.rpc_close()
    result["exit_code"] = code
    result["peak_rss_mb"] = maxrss
    return result


def slope(points: list[tuple[float, float]]) -> float:
    """The least-squares slope of y over x (0 for fewer than two points)."""
    if len(points) < 2:
        return 0.0
    mean_x = sum(x for x, _ in points) / len(points)
    mean_y = sum(y for _, y in points) / len(points)
    spread = sum((x - mean_x) ** 2 for x, _ in points)
    return sum((x - mean_x) * (y - mean_y) for x, y in points) / spread if spread else 0.0


def verdict(session: dict[str, Any]) -> dict[str, Any]:
    """The checks: memory flat and latency not growing, first window against last; and, for
    the record, the trend over all windows (per 1,000 edits)."""
    windows = session["windows"]
    first, last = windows[0], windows[-1]
    rss_limit = first["rss_mb"] * RSS_FACTOR + RSS_SLACK_MB
    p95_limit = max(first["p95_ms"] * LATENCY_FACTOR, first["p95_ms"] + LATENCY_FLOOR_MS)
    return {
        "rss_limit_mb": rss_limit,
        "rss_ok": last["rss_mb"] <= rss_limit,
        "p95_limit_ms": p95_limit,
        "latency_ok": last["p95_ms"] <= p95_limit,
        "clean_exit": session["exit_code"] == 0,
        "rss_mb_per_1000_edits": 1000 * slope([(w["edits"], w["rss_mb"]) for w in windows]),
        "p95_ms_per_1000_edits": 1000 * slope([(w["edits"], w["p95_ms"]) for w in windows]),
    }


# -- the long fuzz run ----------------------------------------------------------------------------


def run_fuzz(timeout: float) -> dict[str, Any]:
    """`pytest -q tests/fuzz` with TRINE_FUZZ=long: its exit code, wall time and summary line."""
    env = {**os.environ, "TRINE_FUZZ": "long"}
    started = time.perf_counter()
    try:
        done = subprocess.run(
            [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", "tests/fuzz"],
            cwd=REPO,
            env=env,
            capture_output=True,
            text=True,
            timeout=timeout,
        )
        code, output = done.returncode, done.stdout + done.stderr
    except subprocess.TimeoutExpired as error:
        code, output = -1, f"timed out after {timeout:.0f} s\n{error.stdout or ''}"
    lines = [line for line in output.strip().splitlines() if line.strip()]
    summary = re.sub(r" in [\d.]+s.*$", "", lines[-1].strip("= ")) if lines else ""
    return {
        "exit_code": code,
        "seconds": time.perf_counter() - started,
        "summary": summary,
        "tail": "\n".join(lines[-40:]) if code != 0 else "",
    }


# -- the report -----------------------------------------------------------------------------------


def figures(results: dict[str, Any]) -> str:
    """The Figures section of docs/reliability.md."""
    session = results["session"]
    ws = results["workspace"]
    first, last = session["windows"][0], session["windows"][-1]
    checks = results["verdict"]
    fuzz = results.get("fuzz")
    rows = [
        "| measure | value |",
        "| --- | --- |",
        f"| workspace | {sum(ws['files'].values()):,} files ({ws['files']['spec']} specs,"
        f" {ws['files']['code']} code, {ws['files']['test']} tests), {ws['clauses']:,} clauses |",
        f"| open files edited | {len(session['open_files'])}"
        f" ({', '.join(f'`{p}`' for p in session['open_files'])}) |",
        f"| edits | {session['edits']:,} single-character edits (insert, then delete) |",
        f"| requests | {session['requests']:,} (a hover or a completion after every edit) |",
        f"| first index | {session['index_seconds']:.1f} s |",
        f"| RSS before / after the edits | {session['rss_before_mb']:.0f} MB /"
        f" {session['rss_after_mb']:.0f} MB (peak {session['peak_rss_hwm_mb']:.0f} MB) |",
        f"| RSS first / last window | {first['rss_mb']:.0f} MB / {last['rss_mb']:.0f} MB"
        f" (limit {checks['rss_limit_mb']:.0f} MB: {'ok' if checks['rss_ok'] else 'FAILED'}) |",
        f"| edit → answer p50, first / last window | {first['p50_ms']:.1f} ms /"
        f" {last['p50_ms']:.1f} ms |",
        f"| edit → answer p95, first / last window | {first['p95_ms']:.1f} ms /"
        f" {last['p95_ms']:.1f} ms (limit {checks['p95_limit_ms']:.1f} ms:"
        f" {'ok' if checks['latency_ok'] else 'FAILED'}) |",
        f"| trend per 1,000 edits (fit over the windows) | RSS"
        f" {checks['rss_mb_per_1000_edits']:+.1f} MB, p95 {checks['p95_ms_per_1000_edits']:+.1f} ms |",
        f"| server exit | {'clean' if checks['clean_exit'] else 'exit ' + str(session['exit_code'])} |",
    ]
    if fuzz is not None:
        rows.append(
            f"| fuzz tests, TRINE_FUZZ=long | {fuzz['summary']} in {fuzz['seconds']:.0f} s |"
        )
    windows = [
        "",
        "| window | edits | RSS MB | p50 ms | p95 ms | max ms |",
        "| ---: | ---: | ---: | ---: | ---: | ---: |",
    ] + [
        f"| {w['window']} | {w['edits']:,} | {w['rss_mb']:.0f} | {w['p50_ms']:.1f} |"
        f" {w['p95_ms']:.1f} | {w['max_ms']:.1f} |"
        for w in session["windows"]
    ]
    machine_ = results["machine"]
    intro = (
        f"Measured by `make soak` on {results['created']} ({machine_['cpu_model']},"
        f" {machine_['usable_cores']} cores, Python {results['python']}); the numbers are in"
        " `bench/soak.json`. Latency is the time from sending an edit to receiving the answer"
        " of the hover or completion sent right after it (so it includes indexing the edit)."
    )
    return "\n".join([BEGIN, intro, "", *rows, *windows, END])


def write_markdown(path: Path, section: str) -> None:
    """Replace the soak section of the document (or append it when the markers are missing)."""
    text = path.read_text("utf-8") if path.exists() else "# Reliability\n\n## Figures\n\n"
    if BEGIN in text and END in text:
        head, rest = text.split(BEGIN, 1)
        _, tail = rest.split(END, 1)
        text = head + section + tail
    else:
        text = text.rstrip("\n") + "\n\n" + section + "\n"
    path.write_text(text, "utf-8")


def main(argv: list[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    trine = find_trine(args.trine)
    args.out.mkdir(parents=True, exist_ok=True)
    log(f"generating a workspace of {args.size} files under {args.out}")
    ws = workspace.generate(args.size, args.out / "workspace", seed=args.seed)
    results: dict[str, Any] = {
        "schema": "trine.soak/1",
        "created": time.strftime("%Y-%m-%d"),
        "command": " ".join(["bench/soak.py", *(argv if argv is not None else sys.argv[1:])]),
        "python": sys.version.split()[0],
        "machine": machine(),
        "versions": versions(),
        "trine": trine_info(trine),
        "config": {
            "size": args.size,
            "edits": args.edits,
            "windows": args.windows,
            "rss_factor": RSS_FACTOR,
            "rss_slack_mb": RSS_SLACK_MB,
            "latency_factor": LATENCY_FACTOR,
            "latency_floor_ms": LATENCY_FLOOR_MS,
        },
        "workspace": {
            "files": ws.files,
            "clauses": ws.clauses,
            "seed": ws.seed,
        },
    }
    session = soak_session(trine, ws, args)
    results["session"] = session
    results["verdict"] = verdict(session)
    if not args.skip_fuzz:
        log("running the fuzz tests with TRINE_FUZZ=long")
        results["fuzz"] = run_fuzz(args.fuzz_timeout)
        log(f"fuzz: {results['fuzz']['summary']} ({results['fuzz']['seconds']:.0f} s)")
    results["runtime_seconds"] = time.perf_counter() - _START
    args.results.write_text(json.dumps(results, indent=2) + "\n", "utf-8")
    write_markdown(args.markdown, figures(results))
    checks = results["verdict"]
    failed = [name for name in ("rss_ok", "latency_ok", "clean_exit") if not checks[name]]
    if results.get("fuzz") and results["fuzz"]["exit_code"] != 0:
        failed.append("fuzz")
        print(results["fuzz"]["tail"], file=sys.stderr)
    first, last = session["windows"][0], session["windows"][-1]
    log(
        f"RSS {first['rss_mb']:.0f} -> {last['rss_mb']:.0f} MB,"
        f" p95 {first['p95_ms']:.1f} -> {last['p95_ms']:.1f} ms;"
        f" {'FAILED: ' + ', '.join(failed) if failed else 'all checks passed'}"
        f" ({results['runtime_seconds']:.0f} s)"
    )
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
