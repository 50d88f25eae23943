"""The command line: `trine check`, `trine rule`, `trine schema`.

Exit codes: 0 no error-level diagnostic, 1 at least one, 2 no spec found, or a usage,
configuration or internal error.
"""

from __future__ import annotations

import argparse
import json
import logging
import os
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import TextIO

from trine import __version__
from trine.analysis.coverage import Summary, unstarted_note
from trine.analysis.drift import links_of_clauses, lock_differences, review_count, reviewed
from trine.analysis.findings import Diagnostic
from trine.analysis.registry import RULES, rule_doc, rule_json
from trine.analysis.rule import Baseline
from trine.atomic import write_atomic
from trine.config import ConfigError, load_config
from trine.index.git import GitError, graph_at
from trine.index.graph import TraceGraph
from trine.init import CONFIG, render, survey_for_init
from trine.parsers.lock import LOCK_FILE, Lock, render_lock
from trine.report import build_report, json_schema
from trine.session import Session, SinceChanged

log = logging.getLogger(__name__)

_COLOURS = {"error": "\033[31m", "warning": "\033[33m", "info": "\033[36m", "hint": "\033[2m"}
_RESET = "\033[0m"


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="trine", description=__doc__.split("\n")[0])
    parser.add_argument("--version", action="version", version=f"trine {__version__}")
    commands = parser.add_subparsers(dest="command", required=True)
    check_cmd = commands.add_parser("check", help="check that spec, code and tests agree")
    check_cmd.add_argument("path", nargs="?", default=".", help="workspace root (default: .)")
    check_cmd.add_argument("--format", choices=("text", "json"), default="text")
    check_cmd.add_argument(
        "--config", type=Path, help="configuration file (trine.toml or pyproject.toml)"
    )
    check_cmd.add_argument(
        "--since", metavar="REV", help="PR mode: also report drift against a git revision"
    )
    lock_cmd = commands.add_parser("lock", help="record the reviewed links in trine.lock")
    lock_cmd.add_argument("path", nargs="?", default=".", help="workspace root (default: .)")
    lock_cmd.add_argument("--config", type=Path, help="configuration file")
    lock_cmd.add_argument(
        "--check", action="store_true", help="exit 1 if trine.lock is out of date; write nothing"
    )
    lock_cmd.add_argument(
        "--clause", action="append", metavar="ID", help="review only the links of this clause"
    )
    lock_cmd.add_argument(
        "--force", action="store_true", help="replace a trine.lock that cannot be read"
    )
    init_cmd = commands.add_parser(
        "init", help="say what trine finds here and write the trine.toml that pins it"
    )
    init_cmd.add_argument("path", nargs="?", default=".", help="workspace root (default: .)")
    rule_cmd = commands.add_parser("rule", help="explain a diagnostic code")
    rule_cmd.add_argument(
        "code", nargs="?", help="the code, e.g. unknown-reference; all when omitted"
    )
    rule_cmd.add_argument(
        "--json", action="store_true", help="print the rule records as JSON (a list, or one)"
    )
    commands.add_parser("schema", help="print the JSON Schema of the --format json report")
    serve_cmd = commands.add_parser("serve", help="run the language server (stdio by default)")
    serve_cmd.add_argument(
        "--stdio", action="store_true", help="speak LSP over stdio (the default)"
    )
    serve_cmd.add_argument("--tcp", metavar="HOST:PORT", help="listen on a TCP address instead")
    return parser


# CLI-4: exit 0, 1 on error-level findings, 2 on usage or configuration errors.
def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; returns the exit code."""
    logging.basicConfig(level=logging.WARNING, format="trine: %(message)s")
    args = _parser().parse_args(argv)
    try:
        if args.command in ("check", "lock", "init") and not Path(args.path).is_dir():
            print(f"trine: {args.path}: not a directory", file=sys.stderr)
            return 2
        if args.command == "check":
            return _check(Path(args.path), args, sys.stdout)
        if args.command == "lock":
            return _lock(Path(args.path), args)
        if args.command == "init":
            return _init(Path(args.path))
        if args.command == "rule":
            return _rule(args.code, args.json)
        if args.command == "serve":
            return _serve(args.tcp)
        print(json.dumps(json_schema(), indent=2))
        return 0
    except ConfigError as error:
        print(f"trine: configuration error: {error}", file=sys.stderr)
        return 2
    except GitError as error:
        print(f"trine: --since: {error}", file=sys.stderr)
        return 2
    except Exception:
        log.exception("internal error; please report it with the traceback above")
        return 2


# CLI-5
def _serve(tcp: str | None) -> int:
    from trine.lsp.features import create_server

    logging.getLogger("trine").setLevel(logging.INFO)
    server = create_server()
    if tcp is None:
        server.start_io()
        return 0
    host, _, port = tcp.rpartition(":")
    if not port.isdigit():
        print(f"trine: --tcp wants HOST:PORT, got {tcp!r}", file=sys.stderr)
        return 2
    server.start_tcp(host or "127.0.0.1", int(port))
    return 0


# CLI-5, CLI-6
def _rule(code: str | None, as_json: bool) -> int:
    if code is not None and code not in RULES:
        print(f"trine: unknown rule {code!r}; the rules are {', '.join(RULES)}", file=sys.stderr)
        return 2
    if as_json:
        records = [rule_json(rule) for rule in RULES.values()]
        print(json.dumps(records if code is None else rule_json(RULES[code]), indent=2))
    elif code is None:
        for rule in RULES.values():
            print(f"{rule.code:22} {rule.default:8} {rule.summary}")
    else:
        print(rule_doc(code), end="")
    return 0


def _open(root: Path, args: argparse.Namespace) -> Session:
    """A session on the workspace with every file indexed; `--since` sets its baseline."""
    session = Session(root, config_file=args.config)
    session.scan()
    since = getattr(args, "since", None)
    if since:
        metadata = tuple(session.config.since_ignore)
        session.apply(SinceChanged(Baseline(since, graph_at(session.host, since), metadata)))
    return session


# FMT-63: no silent zero: with no spec, say where trine looked and exit 2.
def _check(root: Path, args: argparse.Namespace, out: TextIO) -> int:
    session = _open(root, args)
    diagnostics, summary = session.diagnostics.all(), session.summary()
    found = session.survey()
    if args.format == "json":
        graph = session.snapshot().graph
        report = build_report(str(root.resolve()), graph, diagnostics, summary, found)
        out.write(report.model_dump_json(indent=2, by_alias=True) + "\n")
    else:
        colour = out.isatty() and "NO_COLOR" not in os.environ
        for diagnostic in diagnostics:
            out.write(_line(diagnostic, args.path, colour) + "\n")
        for line in found.lines():
            out.write(line + "\n")
        out.write(_summary_line(summary) + "\n")
    if found.no_spec:
        return 2
    return 1 if summary.errors else 0


# FMT-69: `trine init` reports what it found and writes trine.toml, never over a configuration.
def _init(root: Path) -> int:
    session = Session(root)
    session.scan()
    found = session.survey()
    for line in found.lines():
        print(line)
    if found.no_spec:
        return 2
    pinned = survey_for_init(session)
    for name, (files, clauses) in pinned.formats.items():
        print(f"trine: {name}: {_plural(files, 'spec file')}, {_plural(clauses, 'clause')}")
    if pinned.tests:
        print(f"trine: tests also in {', '.join(pinned.tests)} (pytest's testpaths)")
    text = render(pinned)
    _, existing = load_config(root)  # the file trine reads, when there is one
    if existing is not None:
        print(
            f"trine: {existing.name} already configures trine, so nothing was written; trine init"
        )
        print(f"would write this {CONFIG}:\n\n{text}", end="")
        return 1
    write_atomic(root / CONFIG, text)
    print(f"trine: wrote {CONFIG}; commit it, and edit it as the project grows")
    return 0


# DRIFT-2: `trine lock` reviews links; --check is the CI gate; an unreadable lock needs --force.
def _lock(root: Path, args: argparse.Namespace) -> int:
    session = _open(root, args)
    graph, state = session.snapshot().graph, session.lock
    if state.problems and not args.force:
        for problem in state.problems:
            print(f"trine: {LOCK_FILE}: {problem.message}", file=sys.stderr)
        print(f"trine: {LOCK_FILE} was left as it is; --force replaces it", file=sys.stderr)
        return 2
    calls = session.config.lock_calls
    if args.check:
        return _lock_check(graph, state.lock, calls)
    previous = state.lock or Lock()
    clauses = sorted(set(args.clause or ()))
    unknown = [c for c in clauses if c not in graph.clauses]
    if unknown:
        print(f"trine: no clause {', '.join(unknown)} in the spec", file=sys.stderr)
        return 2
    select = links_of_clauses(graph, set(clauses))
    lock = reviewed(graph, previous, select, calls)
    path = root / LOCK_FILE
    text = render_lock(lock)
    if not path.is_file() or path.read_text("utf-8") != text:
        write_atomic(path, text)
    count = _plural(review_count(graph, select, calls), "link")
    if clauses:
        print(f"trine: {LOCK_FILE}: {count} of {', '.join(clauses)} reviewed")
    else:
        print(f"trine: {LOCK_FILE}: {count} reviewed")
    return 0


def _lock_check(graph: TraceGraph, lock: Lock | None, calls: bool) -> int:
    if lock is None:
        print(f"trine: {LOCK_FILE} is missing: run `trine lock` and commit it", file=sys.stderr)
        return 1
    differences = lock_differences(graph, lock, calls)
    if not differences:
        print(f"trine: {LOCK_FILE} is up to date")
        return 0
    for line in differences:
        print(line)
    print(
        f"trine: {LOCK_FILE} is out of date ({len(differences)} to review): check the code and"
        " tests against the spec, then run `trine lock`"
    )
    return 1


def _line(d: Diagnostic, root: str, colour: bool) -> str:
    path = os.path.normpath(os.path.join(root, d.path))
    severity = f"{_COLOURS[d.severity]}{d.severity}{_RESET}" if colour else d.severity
    return (
        f"{path}:{d.span.start_line + 1}:{d.span.start_col + 1}: {severity}: {d.message} [{d.code}]"
    )


def _plural(count: int, word: str) -> str:
    return f"{count} {word}{'' if count == 1 else 's'}"


# CLI-1
# FMT-12, FMT-94: how many requirements only a task list or their own fields link, when any.
def _summary_line(s: Summary) -> str:
    tasks = f", {s.from_tasks} only by task lists or requirement fields" if s.from_tasks else ""
    return (
        f"trine: {_plural(s.clauses, 'clause')}, {_plural(s.requirements, 'requirement')}"
        f" ({s.implemented} implemented, {s.tested} tested{tasks}); {_plural(s.errors, 'error')},"
        f" {_plural(s.warnings, 'warning')}, {s.infos} info, {_plural(s.hints, 'hint')}"
        f"{_unread(s)}{_unstarted(s)}"
    )


# FMT-130
def _unstarted(s: Summary) -> str:
    note = unstarted_note(s)
    return f"; {note}" if note else ""


# DIAG-15: said once here, instead of an unimplemented or untested finding per clause.
# DIAG-28: so is coverage not judged where most of the code is in languages trine does not read.
def _unread(s: Summary) -> str:
    if s.coverage_note:
        return f"; {s.coverage_note}"
    missing = [what for what, read in (("code", s.reads_code), ("test", s.reads_tests)) if not read]
    if not missing:
        return ""
    rules = " and ".join(
        f"{'untested' if m == 'test' else 'unimplemented'}-clause" for m in missing
    )
    return (
        f"; no {' or '.join(missing)} file read, so {rules}"
        f" {'are' if len(missing) > 1 else 'is'} not reported (set `code`/`tests` if they are there)"
    )
