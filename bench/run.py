"""trine's benchmark: `make bench` runs this file with the project's virtual environment.

    .venv/bin/python bench/run.py                 # 1k, 5k and 20k files (~12 min on 2 cores)
    .venv/bin/python bench/run.py --sizes 1000    # a subset
    .venv/bin/python bench/run.py --quick         # smoke run: 200 files, fewer samples, < 1 min

For each size it generates a deterministic workspace under the scratch directory (`--out`,
default /tmp/trine-bench; never inside the repository), measures the floor, cold and warm
`trine check --format json`, peak memory, and an LSP session of `trine serve`, and writes

* `bench/results.json`: every measurement, the machine and the library versions;
* `docs/performance.md`: the tables against the targets, with
* `docs/images/performance.svg`: time against workspace size.

A quick run writes those three into the scratch directory instead (unless paths are given), so
that a smoke run never replaces the committed report. Only the standard library is used, plus
the parsers trine depends on, which must be importable: run it with trine's environment.
"""

from __future__ import annotations

import argparse
import datetime
import hashlib
import importlib.metadata
import json
import os
import platform
import shutil
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

import measure
import report
import workspace

REPO = Path(__file__).resolve().parent.parent
DEFAULT_SIZES = (1000, 5000, 20000)
QUICK_SIZE = 200
LIBRARIES = (
    "tree-sitter",
    "tree-sitter-python",
    "markdown-it-py",
    "mdit-py-plugins",
    "pygls",
    "lsprotocol",
    "pydantic",
)


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="bench/run.py",
        description=__doc__.split("\n")[0],
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument(
        "--sizes",
        type=lambda text: [int(s) for s in text.replace(",", " ").split()],
        help="workspace sizes in files, e.g. '1000' or '1000,5000' (default: 1000,5000,20000)",
    )
    parser.add_argument(
        "--quick",
        action="store_true",
        help=f"smoke run: {QUICK_SIZE} files, 10 edits, 8 requests, outputs in the scratch dir",
    )
    parser.add_argument(
        "--out",
        type=Path,
        default=Path("/tmp/trine-bench"),
        help="scratch directory for workspaces, caches and logs (default: /tmp/trine-bench)",
    )
    parser.add_argument("--trine", help="the trine executable (default: next to this Python)")
    parser.add_argument("--seed", default="trine-bench-1", help="generation seed")
    parser.add_argument("--edits", type=int, help="timed edits per document (default 50)")
    parser.add_argument("--requests", type=int, help="requests per kind and target (default 30)")
    parser.add_argument(
        "--repeat",
        type=int,
        help="floor/cold/warm repetitions, median used (default: 3 up to 2,000 files, else 1)",
    )
    parser.add_argument(
        "--lsp-budget",
        type=float,
        default=45.0,
        help="seconds after which an LSP phase stops sampling (at least 10 edits; default 45)",
    )
    parser.add_argument("--no-lsp", action="store_true", help="skip the trine serve session")
    parser.add_argument(
        "--render",
        type=Path,
        metavar="RESULTS_JSON",
        help="measure nothing: re-evaluate a results.json and rewrite the Markdown and SVG",
    )
    parser.add_argument("--keep", action="store_true", help="keep workspaces and reports")
    parser.add_argument("--results", type=Path, help="results JSON (default bench/results.json)")
    parser.add_argument(
        "--markdown", type=Path, help="Markdown report (default docs/performance.md)"
    )
    parser.add_argument("--svg", type=Path, help="SVG chart (default docs/images/performance.svg)")
    return parser


def log(message: str) -> None:
    """Progress on stderr, with the time since start."""
    print(f"[bench {time.perf_counter() - _START:7.1f}s] {message}", file=sys.stderr, flush=True)


_START = time.perf_counter()


# -- environment -----------------------------------------------------------------------------


def machine() -> dict[str, Any]:
    """CPU model, cores, memory and OS of this machine."""
    cpu = platform.processor() or "unknown"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.lower().startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    memory = 0.0
    try:
        for line in Path("/proc/meminfo").read_text().splitlines():
            if line.startswith("MemTotal:"):
                memory = int(line.split()[1]) / 2**20
    except OSError:
        pass
    usable = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count()
    return {
        "cpu_model": cpu,
        "cores": os.cpu_count(),
        "usable_cores": usable,
        "memory_gb": memory,
        "platform": platform.platform(),
        "hostname_hash": hashlib.sha256(platform.node().encode()).hexdigest()[:12],
    }


def versions() -> dict[str, str | None]:
    """Installed versions of the parsers and of the LSP stack."""
    found: dict[str, str | None] = {}
    for name in LIBRARIES:
        try:
            found[name] = importlib.metadata.version(name)
        except importlib.metadata.PackageNotFoundError:
            found[name] = None
    return found


def trine_info(executable: str) -> dict[str, Any]:
    """trine's version, executable and the repository commit (and whether it has changes)."""
    info: dict[str, Any] = {"executable": executable}
    try:
        info["version"] = importlib.metadata.version("trine")
    except importlib.metadata.PackageNotFoundError:
        info["version"] = None
    try:
        info["commit"] = subprocess.run(
            ["git", "-C", str(REPO), "rev-parse", "HEAD"],
            capture_output=True,
            text=True,
            check=True,
        ).stdout.strip()
        status = subprocess.run(
            ["git", "-C", str(REPO), "status", "--porcelain", "--", "server", "pyproject.toml"],
            capture_output=True,
            text=True,
            check=True,
        ).stdout
        info["dirty"] = bool(status.strip())
    except (OSError, subprocess.CalledProcessError):
        info["commit"], info["dirty"] = "unknown", None
    return info


def find_trine(explicit: str | None) -> str:
    """The trine executable: --trine, else next to this Python (the venv), else the repo venv."""
    candidates = (
        [explicit]
        if explicit
        else [
            str(Path(sys.executable).parent / "trine"),
            str(REPO / ".venv" / "bin" / "trine"),
        ]
    )
    for candidate in candidates:
        if candidate and os.access(candidate, os.X_OK):
            return candidate
    raise SystemExit(f"bench: no trine executable found (tried {', '.join(map(str, candidates))})")


# -- one size --------------------------------------------------------------------------------


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as f:
        for block in iter(lambda: f.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def _median_run(runs: list[dict[str, Any]]) -> dict[str, Any]:
    """The run with the median time (the lower median for an even count), plus all times."""
    ordered = sorted(runs, key=lambda r: r["seconds"])
    chosen = dict(ordered[(len(ordered) - 1) // 2])
    chosen["all_seconds"] = [r["seconds"] for r in runs]
    return chosen


def bench_size(size: int, args: argparse.Namespace, trine: str) -> dict[str, Any]:
    """Generate one workspace and take every measurement on it."""
    scratch: Path = args.out
    started = time.perf_counter()
    log(f"size {size}: generating the workspace")
    ws = workspace.generate(size, scratch / f"ws-{size}", seed=args.seed)
    phases: dict[str, float] = {"generate": time.perf_counter() - started}
    log(f"size {size}: {ws.total_files()} files {ws.files}, {ws.clauses} clauses")
    repeat = args.repeat or (1 if ws.total_files() > 2000 else 3)

    mark = time.perf_counter()
    floors = [measure.measure_floor(ws.root) for _ in range(repeat)]
    floor = _median_run(floors)
    phases["floor"] = time.perf_counter() - mark
    log(f"size {size}: floor {floor['seconds']:.2f} s ({floor['files']} files)")

    colds, warms = [], []
    outputs = scratch / "reports"
    outputs.mkdir(parents=True, exist_ok=True)
    identical = True
    summary: dict[str, Any] = {}
    mark = time.perf_counter()
    for attempt in range(repeat):
        cache = scratch / "cache" / f"check-{size}-{attempt}"
        if cache.exists():
            shutil.rmtree(cache)
        cold_out = outputs / f"cold-{size}-{attempt}.json"
        warm_out = outputs / f"warm-{size}-{attempt}.json"
        cold = measure.run_check(trine, ws.root, cache, cold_out)
        log(f"size {size}: cold {cold['seconds']:.2f} s, {cold['peak_rss_mb']:.0f} MB")
        warm = measure.run_check(trine, ws.root, cache, warm_out)
        log(f"size {size}: warm {warm['seconds']:.2f} s, {warm['peak_rss_mb']:.0f} MB")
        cold["cache_bytes"] = sum(p.stat().st_size for p in cache.rglob("*") if p.is_file())
        identical = identical and _sha256(cold_out) == _sha256(warm_out)
        if attempt == 0:
            summary = measure.report_summary(cold_out)
        colds.append(cold)
        warms.append(warm)
        if not args.keep:
            for path in (cold_out, warm_out):
                path.unlink(missing_ok=True)
            shutil.rmtree(cache, ignore_errors=True)
    phases["check"] = time.perf_counter() - mark

    large_module = measure.time_parse(ws.root / ws.large_module)
    large_spec = measure.time_markdown(ws.root / ws.large_spec)
    entry: dict[str, Any] = {
        "size": size,
        "files": ws.total_files(),
        "workspace": ws.describe(),
        "repeat": repeat,
        "floor": floor,
        "floor_runs": floors,
        "cold": _median_run(colds),
        "warm": _median_run(warms),
        "warm_output_identical_to_cold": identical,
        "report": summary,
        "large_module_parse": large_module,
        "large_spec_parse": large_spec,
        "lsp": None,
    }
    if not args.no_lsp:
        mark = time.perf_counter()
        cache = scratch / "cache" / f"serve-{size}"
        if cache.exists():
            shutil.rmtree(cache)
        log(f"size {size}: trine serve session")
        entry["lsp"] = measure.measure_lsp(
            trine,
            ws,
            cache,
            scratch / f"serve-{size}.log",
            edits=args.edits,
            requests=args.requests,
            budget=args.lsp_budget,
            progress=lambda text: log(f"size {size}: serve: {text}"),
        )
        shutil.rmtree(cache, ignore_errors=True)
        phases["lsp"] = time.perf_counter() - mark
    entry["evaluation"] = report.evaluate_size(entry)
    phases["total"] = time.perf_counter() - started
    entry["phase_seconds"] = phases
    if not args.keep:
        shutil.rmtree(ws.root, ignore_errors=True)
    ratios = entry["evaluation"]["ratios"]
    log(
        f"size {size}: done in {phases['total']:.0f} s; cold/floor"
        f" {ratios['cold_over_floor']:.2f}, warm/cold {ratios['warm_over_cold']:.2f}"
    )
    return entry


# -- main ------------------------------------------------------------------------------------


def main(argv: list[str] | None = None) -> int:
    """Run the benchmark; returns the exit code (0 unless something failed to run)."""
    args = _parser().parse_args(argv)
    if args.quick:
        args.sizes = args.sizes or [QUICK_SIZE]
        args.edits = args.edits or 10
        args.requests = args.requests or 8
        args.lsp_budget = min(args.lsp_budget, 30.0)
        default_dir = args.out / "quick"
        args.results = args.results or default_dir / "results.json"
        args.markdown = args.markdown or default_dir / "performance.md"
        args.svg = args.svg or default_dir / "images" / "performance.svg"
    args.sizes = args.sizes or list(DEFAULT_SIZES)
    args.edits = args.edits or 50
    args.requests = args.requests or 30
    args.results = args.results or REPO / "bench" / "results.json"
    args.markdown = args.markdown or REPO / "docs" / "performance.md"
    args.svg = args.svg or REPO / "docs" / "images" / "performance.svg"
    if args.render:
        return render(args)
    args.out = args.out.resolve()
    if args.out == REPO or REPO in args.out.parents:
        raise SystemExit("bench: --out must lie outside the repository")
    args.out.mkdir(parents=True, exist_ok=True)
    trine = find_trine(args.trine)

    results: dict[str, Any] = {
        "schema": "trine.bench/1",
        "created": datetime.datetime.now(datetime.UTC).strftime("%Y-%m-%d %H:%M UTC"),
        "command": [Path(sys.executable).name, "bench/run.py", *(argv or sys.argv[1:])],
        "quick": args.quick,
        "machine": machine(),
        "python": {
            "version": platform.python_version(),
            "implementation": platform.python_implementation(),
            "executable": sys.executable,
        },
        "versions": versions(),
        "trine": trine_info(trine),
        "floor_query": measure.FLOOR_QUERY,
        "targets": report.TARGETS,
        "config": {
            "sizes": args.sizes,
            "seed": args.seed,
            "edits": args.edits,
            "requests": args.requests,
            "lsp_budget": args.lsp_budget,
            "repeat_note": (
                f"{args.repeat} per size" if args.repeat else "3 up to 2,000 files, 1 above"
            ),
            "out": str(args.out),
        },
        "sizes": [],
    }
    log(f"trine {results['trine'].get('version')} ({trine}); sizes {args.sizes}")
    for size in args.sizes:
        results["sizes"].append(bench_size(size, args, trine))
        _write(results, args)
    _write(results, args)
    log(f"wrote {args.results}, {args.markdown}, {args.svg}")
    log(f"total {results['runtime_seconds']:.0f} s")
    return 0


def render(args: argparse.Namespace) -> int:
    """Re-evaluate the targets of an existing results file and rewrite all three outputs
    (after a change to report.py; the measurements and the run time are kept)."""
    results = json.loads(args.render.read_text("utf-8"))
    for entry in results["sizes"]:
        entry["evaluation"] = report.evaluate_size(entry)
    results["scaling"] = report.evaluate_scaling(results["sizes"])
    report.write_json(results, args.results)
    args.svg.parent.mkdir(parents=True, exist_ok=True)
    args.svg.write_text(report.render_svg(results["sizes"]), "utf-8")
    args.markdown.parent.mkdir(parents=True, exist_ok=True)
    args.markdown.write_text(report.render_markdown(results, args.svg, args.markdown), "utf-8")
    log(f"rendered {args.render} into {args.results}, {args.markdown}, {args.svg}")
    return 0


def _write(results: dict[str, Any], args: argparse.Namespace) -> None:
    """Write all three outputs (also after each size, so a long run leaves partial results)."""
    results["runtime_seconds"] = time.perf_counter() - _START
    results["scaling"] = report.evaluate_scaling(results["sizes"])
    report.write_json(results, args.results)
    args.svg.parent.mkdir(parents=True, exist_ok=True)
    args.svg.write_text(report.render_svg(results["sizes"]), "utf-8")
    args.markdown.parent.mkdir(parents=True, exist_ok=True)
    args.markdown.write_text(report.render_markdown(results, args.svg, args.markdown), "utf-8")


if __name__ == "__main__":
    sys.exit(main())
