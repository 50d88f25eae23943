"""The command line: `trine check`, `trine rule`, `trine schema`.

Exit codes: 0 no error-level diagnostic, 1 at least one, 2 usage, configuration or internal error.
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
from trine.analysis.coverage import Summary
from trine.analysis.registry import RULES, rule_doc
from trine.analysis.rules import Diagnostic
from trine.config import ConfigError
from trine.project import check, open_workspace
from trine.report import build_report, json_schema

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
    rule_cmd = commands.add_parser("rule", help="explain a diagnostic code")
    rule_cmd.add_argument(
        "code", nargs="?", help="the code, e.g. unknown-reference; all when omitted"
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
        if args.command == "check":
            return _check(Path(args.path), args.path, args.format, args.config, sys.stdout)
        if args.command == "rule":
            return _rule(args.code)
        if args.command == "serve":
            return _serve(args.tcp)
        print(json.dumps(json_schema(), indent=2))
        return 0
    except ConfigError as error:
        print(f"trine: configuration error: {error}", file=sys.stderr)
        return 2
    except Exception:
        log.exception("internal error; please report it with the traceback above")
        return 2


# CLI-5
def _serve(tcp: str | None) -> int:
    from trine.lsp.features import server

    logging.getLogger("trine").setLevel(logging.INFO)
    if tcp is None:
        server.start_io()
        return 0
    host, _, port = tcp.rpartition(":")
    if not port.isdigit():
        print(f"trine: --tcp wants HOST:PORT, got {tcp!r}", file=sys.stderr)
        return 2
    server.start_tcp(host or "127.0.0.1", int(port))
    return 0


def _rule(code: str | None) -> int:
    if code is None:
        for rule in RULES.values():
            print(f"{rule.code:22} {rule.default:8} {rule.summary}")
        return 0
    if code not in RULES:
        print(f"trine: unknown rule {code!r}; the rules are {', '.join(RULES)}", file=sys.stderr)
        return 2
    print(rule_doc(code), end="")
    return 0


def _check(root: Path, shown: str, fmt: str, config_file: Path | None, out: TextIO) -> int:
    if not root.is_dir():
        print(f"trine: {shown}: not a directory", file=sys.stderr)
        return 2
    config, host = open_workspace(root, config_file)
    result = check(host, config)
    if fmt == "json":
        report = build_report(str(root.resolve()), result.graph, result.diagnostics, result.summary)
        out.write(report.model_dump_json(indent=2, by_alias=True) + "\n")
    else:
        colour = out.isatty() and "NO_COLOR" not in os.environ
        for diagnostic in result.diagnostics:
            out.write(_line(diagnostic, shown, colour) + "\n")
        out.write(_summary_line(result.summary) + "\n")
    return 1 if result.summary.errors else 0


# CLI-1: compiler-style lines, colour on a terminal only.
def _line(d: Diagnostic, root: str, colour: bool) -> str:
    path = os.path.normpath(os.path.join(root, d.path))
    severity = f"{_COLOURS[d.severity]}{d.severity}{_RESET}" if colour else d.severity
    return (
        f"{path}:{d.span.start_line + 1}:{d.span.start_col + 1}: {severity}: {d.message} [{d.code}]"
    )


def _plural(count: int, word: str) -> str:
    return f"{count} {word}{'' if count == 1 else 's'}"


# CLI-1
def _summary_line(s: Summary) -> str:
    return (
        f"trine: {_plural(s.clauses, 'clause')}, {_plural(s.requirements, 'requirement')}"
        f" ({s.implemented} implemented, {s.tested} tested); {_plural(s.errors, 'error')},"
        f" {_plural(s.warnings, 'warning')}, {s.infos} info, {_plural(s.hints, 'hint')}"
    )
