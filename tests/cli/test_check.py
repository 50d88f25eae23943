"""The command line: `trine check`, `trine schema` and `trine rule`, in a subprocess and in-process."""

from __future__ import annotations

import io
import json
import os
import re
import subprocess
import sys
import tomllib
from pathlib import Path

import pytest

from trine.analysis.registry import RULES
from trine.cli import main
from trine.report import Report, json_schema
from workspaces import write_workspace

REPO = Path(__file__).resolve().parents[2]
SCHEMA_FILE = REPO / "docs" / "report.schema.json"
SLUGKIT = REPO / "examples" / "slugkit"

# REQ-1 is implemented and tested; REQ-2 is neither: two warnings, no error.
WARNINGS_ONLY = """
//- SPEC.md
# Spec
- **REQ-1** The tool MUST work.
- **REQ-2** The tool MUST also work.
//- pkg/a.py
def f():
    \"\"\"REQ-1\"\"\"
//- tests/test_a.py
def test_f():
    \"\"\"REQ-1\"\"\"
"""

# The same plus a reference to an undeclared id: one error, in a nested folder, at line 2,
# columns 18-23 (1-based).
WITH_ERROR = (
    WARNINGS_ONLY
    + """
//- pkg/sub/b.py
def g():
    x = 1  # see REQ-9
"""
)

LINE = re.compile(
    r"^(?P<path>[^:]+):(?P<line>\d+):(?P<col>\d+): (?P<severity>error|warning|info|hint): "
    r"(?P<message>.+) \[(?P<code>[a-z-]+)\]$"
)
SUMMARY = re.compile(
    r"^trine: \d+ clauses?, \d+ requirements? \(\d+ implemented, \d+ tested\); \d+ errors?,"
    r" \d+ warnings?, \d+ info, \d+ hints?$"
)


def _run(*args: str, cwd: Path | None = None) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if k not in ("NO_COLOR", "FORCE_COLOR")}
    return subprocess.run(
        [sys.executable, "-m", "trine", *args],
        capture_output=True,
        text=True,
        cwd=cwd or REPO,
        env=env,
        check=False,
    )


def _ws(tmp_path: Path, fixture: str) -> Path:
    write_workspace(tmp_path, fixture)
    return tmp_path


# CLI-1: text output


def test_text_lines_are_compiler_style(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """CLI-1: each diagnostic is `path:line:col: severity: message [code]` with 1-based positions."""
    root = _ws(tmp_path, WITH_ERROR)
    assert main(["check", str(root)]) == 1
    lines = capsys.readouterr().out.splitlines()
    assert lines[-2:] == ["trine: specs: markdown 1 file", lines[-1]]
    parsed = [LINE.match(line) for line in lines[:-2]]
    assert all(parsed), lines
    found = [(m["path"], m["line"], m["col"], m["severity"], m["code"]) for m in parsed if m]
    assert found == [
        (str(root / "SPEC.md"), "3", "5", "warning", "unimplemented-clause"),
        (str(root / "SPEC.md"), "3", "5", "warning", "untested-clause"),
        (str(root / "pkg" / "sub" / "b.py"), "2", "18", "error", "unknown-reference"),
    ]
    assert "REQ-9" in lines[2]


def test_summary_line_counts(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """CLI-1: the last line sums up clauses, requirements, coverage and diagnostics by severity."""
    root = _ws(tmp_path, WITH_ERROR)
    main(["check", str(root)])
    last = capsys.readouterr().out.splitlines()[-1]
    assert SUMMARY.match(last)
    assert last == (
        "trine: 3 clauses, 2 requirements (1 implemented, 1 tested);"
        " 1 error, 2 warnings, 0 info, 0 hints"
    )


def test_paths_are_relative_to_the_path_given(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    """CLI-1: run from the workspace with no PATH, lines start with the file's relative path."""
    root = _ws(tmp_path, WITH_ERROR)
    monkeypatch.chdir(root)
    assert main(["check"]) == 1
    lines = capsys.readouterr().out.splitlines()
    assert lines[0].startswith("SPEC.md:3:5: warning: ")
    assert lines[2].startswith(os.path.join("pkg", "sub", "b.py") + ":2:18: error: ")


def test_clean_workspace_prints_only_the_layout_and_summary(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """CLI-1, FMT-63: with nothing to report, the output is the layout line and the summary."""
    root = _ws(tmp_path, WARNINGS_ONLY.replace("- **REQ-2** The tool MUST also work.\n", ""))
    assert main(["check", str(root)]) == 0
    out = capsys.readouterr().out
    assert out == (
        "trine: specs: markdown 1 file\n"
        "trine: 2 clauses, 1 requirement (1 implemented, 1 tested);"
        " 0 errors, 0 warnings, 0 info, 0 hints\n"
    )


def test_subprocess_text_output_has_no_colour(tmp_path: Path) -> None:
    """CLI-1: piped output (not a terminal) has no ANSI escapes and the same lines as in-process."""
    root = _ws(tmp_path, WITH_ERROR)
    proc = _run("check", str(root))
    assert proc.returncode == 1
    assert "\x1b" not in proc.stdout
    lines = proc.stdout.splitlines()
    assert len(lines) == 5
    assert all(LINE.match(line) for line in lines[:-2])
    assert SUMMARY.match(lines[-1])


class _Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_colour_on_a_terminal_only(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """CLI-1: on a terminal the severity is coloured, and NO_COLOR turns colour off."""
    root = _ws(tmp_path, WITH_ERROR)
    monkeypatch.delenv("NO_COLOR", raising=False)
    terminal = _Terminal()
    monkeypatch.setattr(sys, "stdout", terminal)
    main(["check", str(root)])
    coloured = terminal.getvalue()
    assert "\x1b[" in coloured
    assert re.sub(r"\x1b\[[0-9;]*m", "", coloured).splitlines()[2].endswith("[unknown-reference]")

    monkeypatch.setenv("NO_COLOR", "1")
    plain = _Terminal()
    monkeypatch.setattr(sys, "stdout", plain)
    main(["check", str(root)])
    assert "\x1b" not in plain.getvalue()
    assert plain.getvalue() == re.sub(r"\x1b\[[0-9;]*m", "", coloured)


# CLI-2: JSON output


def _validate_against_published_schema(data: dict[str, object]) -> None:
    schema = json.loads(SCHEMA_FILE.read_text(encoding="utf-8"))
    try:
        import jsonschema
    except ImportError:
        assert set(data) == set(schema["properties"])
        assert set(schema["required"]) <= set(data)
    else:
        jsonschema.validate(data, schema)


def test_json_report_validates(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """CLI-2: `--format json` prints one trine.report/1 object matching the published schema."""
    root = _ws(tmp_path, WITH_ERROR)
    assert main(["check", str(root), "--format", "json"]) == 1
    out = capsys.readouterr().out
    data = json.loads(out)
    assert data["schema"] == "trine.report/1"
    _validate_against_published_schema(data)
    report = Report.model_validate_json(out)
    assert report.schema_ == "trine.report/1"
    assert Path(report.root) == root.resolve()
    assert report.summary.errors == 1
    assert report.summary.warnings == 2
    assert report.summary.clauses == len(report.clauses) == 3


def test_json_clauses_say_what_they_need_and_how_strongly(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """CL-21: each clause of the JSON report has its `needs` and `strength`."""
    root = _ws(
        tmp_path,
        WARNINGS_ONLY.replace("The tool MUST also work.", "The tool MAY also work.")
        + "//- docs/spec/more.md\n- **REQ-3** It SHOULD be quick.\n",
    )
    main(["check", str(root), "--format", "json"])
    report = Report.model_validate_json(capsys.readouterr().out)
    clauses = {c.id: (c.needs, c.strength, c.requirement) for c in report.clauses}
    assert clauses["REQ-1"] == (["code", "test"], "must", True)
    assert clauses["REQ-2"] == ([], "may", False)
    assert clauses["REQ-3"] == (["code", "test"], "should", True)
    assert clauses["SPEC.md#spec"] == ([], None, False)


def test_summary_says_once_that_no_test_file_is_read(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """DIAG-15: without test files, no untested-clause; the summary line says so, once."""
    root = _ws(tmp_path, WARNINGS_ONLY.split("//- tests/")[0])
    assert main(["check", str(root)]) == 0
    out = capsys.readouterr().out
    assert "untested-clause]" not in out
    assert "[unimplemented-clause]" in out
    assert out.count("no test file read, so untested-clause is not reported") == 1
    main(["check", str(root), "--format", "json"])
    summary = Report.model_validate_json(capsys.readouterr().out).summary
    assert (summary.reads_code, summary.reads_tests) == (True, False)


def test_summary_says_once_that_coverage_is_not_judged(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """DIAG-28: where most of the code is Kotlin, the summary line says once that coverage
    is not judged, why, and how to judge it; the JSON summary says it too."""
    kotlin = "".join(f"//- web/m{n}.kt\nval m = {n}\n" for n in range(3))
    root = _ws(tmp_path, WARNINGS_ONLY + kotlin)
    assert main(["check", str(root)]) == 0
    out = capsys.readouterr().out
    assert "-clause]" not in out
    summary_line = out.splitlines()[-1]
    assert summary_line.endswith(
        "; coverage not judged: trine reads Python, and 3 of 5 code files are in languages it"
        " does not read yet: Kotlin (3); the links written in them are not seen, so"
        " unimplemented-clause and untested-clause are not reported (set"
        ' `coverage = "always"` in [tool.trine] or trine.toml to report them all the same)'
    )
    assert out.count("coverage not judged") == 1
    main(["check", str(root), "--format", "json"])
    summary = Report.model_validate_json(capsys.readouterr().out).summary
    assert (summary.coverage_judged, summary.code_files) == (False, 2)
    assert (summary.languages_read, summary.unread_code) == (["Python"], {"Kotlin": 3})
    assert summary_line.endswith(summary.coverage_note)


def test_summary_names_the_features_not_started(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """FMT-130: a Kiro feature with no checked task and no cited criterion is named once in
    the summary, and its criteria get no coverage findings; the JSON summary names it too."""
    feature = (
        "//- .kiro/specs/export/requirements.md\n"
        "### Requirement 1: Export\n\n#### Acceptance Criteria\n\n"
        "1. WHEN asked, THE tool SHALL export the report.\n"
        "2. THE tool SHALL name the file after the date.\n"
        "//- .kiro/specs/export/tasks.md\n- [ ] 1. Export\n  - _Requirements: 1.1_\n"
    )
    root = _ws(tmp_path, WARNINGS_ONLY + feature)
    main(["check", str(root)])
    out = capsys.readouterr().out
    assert "export/1." not in out
    assert out.splitlines()[-1].endswith(
        "; 1 feature not started (export): no task of it is checked and no code or test cites"
        " its clauses, so the coverage of 2 requirements is not reported until one is"
    )
    main(["check", str(root), "--format", "json"])
    summary = Report.model_validate_json(capsys.readouterr().out).summary
    assert (summary.not_started, summary.unstarted_requirements) == (["export"], 2)


def test_json_positions_are_one_based_and_paths_relative(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """CLI-2: JSON paths are workspace-relative with `/`, lines and columns 1-based."""
    root = _ws(tmp_path, WITH_ERROR)
    main(["check", str(root), "--format", "json"])
    report = Report.model_validate_json(capsys.readouterr().out)
    unknown = [d for d in report.diagnostics if d.code == "unknown-reference"]
    assert len(unknown) == 1
    d = unknown[0]
    assert (d.path, d.line, d.column, d.end_line, d.end_column) == ("pkg/sub/b.py", 2, 18, 2, 23)
    assert d.severity == "error"
    assert "REQ-9" in d.message
    clauses = {c.id: c for c in report.clauses}
    assert (clauses["REQ-1"].path, clauses["REQ-1"].line) == ("SPEC.md", 2)
    assert clauses["REQ-1"].implemented_by == ["pkg/a.py::f"]
    assert clauses["REQ-1"].tested_by == ["tests/test_a.py::test_f"]
    assert clauses["REQ-1"].requirement
    symbols = {s.id: s for s in report.symbols}
    assert symbols["pkg/a.py::f"].line == 1
    assert symbols["pkg/sub/b.py::g"].path == "pkg/sub/b.py"
    assert [t.id for t in report.tests] == ["tests/test_a.py::test_f"]
    assert report.tests[0].line == 1
    links = {(link.source, link.target, link.kind) for link in report.links}
    assert ("pkg/a.py::f", "REQ-1", "implements") in links
    assert ("tests/test_a.py::test_f", "REQ-1", "verifies") in links
    for item in [*report.clauses, *report.symbols, *report.tests, *report.diagnostics]:
        assert "\\" not in item.path
        assert not Path(item.path).is_absolute()
        assert item.line >= 1


def test_json_in_subprocess_is_one_object(tmp_path: Path) -> None:
    """CLI-2: the subprocess's stdout is exactly one JSON object, nothing else."""
    root = _ws(tmp_path, WARNINGS_ONLY)
    proc = _run("check", str(root), "--format", "json")
    assert proc.returncode == 0
    data = json.loads(proc.stdout)
    assert data["schema"] == "trine.report/1"
    assert [(d["code"], d["line"], d["column"]) for d in data["diagnostics"]] == [
        ("unimplemented-clause", 3, 5),
        ("untested-clause", 3, 5),
    ]
    _validate_against_published_schema(data)


# CLI-3: the published schema


def test_schema_command_equals_published_file() -> None:
    """CLI-3: `trine schema` prints the JSON Schema kept in docs/report.schema.json."""
    proc = _run("schema")
    assert proc.returncode == 0
    published = json.loads(SCHEMA_FILE.read_text(encoding="utf-8"))
    assert json.loads(proc.stdout) == published
    assert json_schema() == published


def test_schema_in_process(capsys: pytest.CaptureFixture[str]) -> None:
    """CLI-3: the schema printed in-process names the report's sections and is valid JSON."""
    assert main(["schema"]) == 0
    schema = json.loads(capsys.readouterr().out)
    for key in ("schema", "root", "clauses", "symbols", "tests", "links", "diagnostics", "summary"):
        assert key in schema["properties"]


# CLI-4: exit codes


def test_exit_0_with_warnings_only(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """CLI-4: warnings alone exit 0."""
    root = _ws(tmp_path, WARNINGS_ONLY)
    assert main(["check", str(root)]) == 0
    assert " warning: " in capsys.readouterr().out


def test_exit_1_with_an_error(tmp_path: Path) -> None:
    """CLI-4: an error-level diagnostic exits 1, in a real subprocess too."""
    root = _ws(tmp_path, WITH_ERROR)
    assert _run("check", str(root)).returncode == 1


def test_warning_raised_to_error_exits_1(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """CLI-4, CFG-4: a rule configured to error makes its findings fail the check."""
    root = _ws(tmp_path, WARNINGS_ONLY + '//- trine.toml\n[severity]\nuntested-clause = "error"\n')
    assert main(["check", str(root)]) == 1
    out = capsys.readouterr().out
    assert "error: REQ-2 (The tool MUST also work.) is not tested" in out


def test_error_turned_off_exits_0(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """CLI-4, CFG-4: an error rule set to off no longer fails the check or prints its lines."""
    root = _ws(
        tmp_path,
        WITH_ERROR + '//- pyproject.toml\n[tool.trine.severity]\nunknown-reference = "off"\n',
    )
    assert main(["check", str(root)]) == 0
    assert "unknown-reference" not in capsys.readouterr().out


@pytest.mark.parametrize(
    ("config_file", "body", "key"),
    [
        ("trine.toml", 'spec = "x"\n', "spec"),
        ("trine.toml", 'id_pattern = "("\n', "id_pattern"),
        ("pyproject.toml", "[tool.trine]\nspec_paths = []\n", "spec_paths"),
        ("pyproject.toml", '[tool.trine.severity]\nfile-problem = "fatal"\n', "file-problem"),
        ("trine.toml", "exclude = [\n", "TOML"),
    ],
)
def test_bad_configuration_exits_2(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], config_file: str, body: str, key: str
) -> None:
    """CFG-3, CLI-4: a bad configuration exits 2 with one error naming the file and the key."""
    root = _ws(tmp_path, WITH_ERROR + f"//- {config_file}\n{body}")
    assert main(["check", str(root)]) == 2
    captured = capsys.readouterr()
    assert captured.out == ""
    assert config_file in captured.err
    assert key in captured.err
    assert "Traceback" not in captured.err


def test_bad_configuration_exits_2_in_subprocess(tmp_path: Path) -> None:
    """CFG-3, CLI-4: the real command exits 2 on a bad configuration, printing no report."""
    root = _ws(tmp_path, WARNINGS_ONLY + "//- trine.toml\nunknown_key = 1\n")
    proc = _run("check", str(root))
    assert proc.returncode == 2
    assert proc.stdout == ""
    assert "trine.toml" in proc.stderr
    assert "unknown_key" in proc.stderr


def test_missing_directory_exits_2(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """CLI-4: checking a directory that does not exist exits 2 with a message naming it."""
    missing = tmp_path / "no-such-dir"
    assert main(["check", str(missing)]) == 2
    assert "no-such-dir" in capsys.readouterr().err


def test_file_instead_of_directory_exits_2(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """CLI-4: checking a path that is a file, not a directory, exits 2."""
    (tmp_path / "file.py").write_text("x = 1\n", encoding="utf-8")
    assert main(["check", str(tmp_path / "file.py")]) == 2
    assert "file.py" in capsys.readouterr().err


@pytest.mark.parametrize(
    "args",
    [
        ["check", "--bogus"],
        ["check", "--format", "xml"],
        ["frobnicate"],
        [],
    ],
    ids=["unknown-option", "bad-format", "unknown-command", "no-command"],
)
def test_usage_errors_exit_2(tmp_path: Path, args: list[str]) -> None:
    """CLI-4: an unknown option, format or command exits 2 with a usage message."""
    proc = _run(*args, cwd=tmp_path)
    assert proc.returncode == 2
    assert "usage:" in proc.stderr
    assert proc.stdout == ""


def test_missing_explicit_config_exits_2(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """CLI-4, CFG-3: `--config` naming a missing file exits 2 and names the file."""
    root = _ws(tmp_path, WARNINGS_ONLY)
    assert main(["check", str(root), "--config", str(tmp_path / "absent.toml")]) == 2
    assert "absent.toml" in capsys.readouterr().err


# --config


def test_config_option_uses_that_file(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """CFG-2: `--config FILE` is used instead of the workspace's own trine.toml."""
    root = _ws(
        tmp_path / "ws",
        WITH_ERROR + '//- trine.toml\n[severity]\nunimplemented-clause = "error"\n',
    )
    explicit = tmp_path / "ci.toml"
    explicit.write_text('exclude = ["pkg/sub/**"]\n[severity]\nuntested-clause = "off"\n')
    assert main(["check", str(root), "--config", str(explicit)]) == 0
    out = capsys.readouterr().out.splitlines()
    assert [LINE.match(line)["code"] for line in out[:-2]] == ["unimplemented-clause"]  # type: ignore[index]
    assert " warning: " in out[0]
    assert out[-1].endswith("0 errors, 1 warning, 0 info, 0 hints")


def test_config_option_in_subprocess(tmp_path: Path) -> None:
    """CFG-2: the real command reads a `--config` file given relative to the current folder."""
    _ws(tmp_path / "ws", WARNINGS_ONLY)
    (tmp_path / "strict.toml").write_text('[severity]\nunimplemented-clause = "error"\n')
    proc = _run("check", "ws", "--config", "strict.toml", cwd=tmp_path)
    assert proc.returncode == 1
    assert f"{os.path.join('ws', 'SPEC.md')}:3:5: error: " in proc.stdout


# CLI-5: rule documentation


def test_rule_explains_unknown_reference(capsys: pytest.CaptureFixture[str]) -> None:
    """CLI-5: `trine rule unknown-reference` says what it finds, why it matters and how to fix it."""
    assert main(["rule", "unknown-reference"]) == 0
    out = capsys.readouterr().out
    assert out.startswith("# unknown-reference")
    what, why, fix = (
        out.index("What it does"),
        out.index("Why is this bad?"),
        out.index("How to fix"),
    )
    assert what < why < fix
    assert "Default severity: error" in out
    assert RULES["unknown-reference"].how_to_fix in out


@pytest.mark.parametrize("code", sorted(RULES))
def test_every_rule_is_explained(code: str, capsys: pytest.CaptureFixture[str]) -> None:
    """CLI-5: every diagnostic code has a what/why/how explanation."""
    assert main(["rule", code]) == 0
    out = capsys.readouterr().out
    for section in ("What it does", "Why is this bad?", "Example", "How to fix", "Options"):
        assert f"## {section}" in out


def test_rule_without_code_lists_all_rules(capsys: pytest.CaptureFixture[str]) -> None:
    """CLI-5: `trine rule` alone lists every code with its default severity."""
    assert main(["rule"]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert [line.split()[0] for line in lines] == list(RULES)
    assert [line.split()[1] for line in lines] == [r.default for r in RULES.values()]


def test_rule_json_lists_every_record(capsys: pytest.CaptureFixture[str]) -> None:
    """CLI-6: `trine rule --json` prints every rule's record, in `trine rule` order."""
    assert main(["rule", "--json"]) == 0
    records = json.loads(capsys.readouterr().out)
    assert [r["code"] for r in records] == list(RULES)
    stub = next(r for r in records if r["code"] == "untested-clause")
    assert stub["default"] == "warning"
    assert stub["scope"] == "clause"
    assert stub["early"] is False
    assert stub["fixable"] is True
    assert stub["url"].endswith("/docs/rules/untested-clause.md")
    for key in ("summary", "why", "example", "how_to_fix", "options"):
        assert stub[key], key
    assert "`severity.untested-clause`" in stub["options"]


def test_rule_json_for_one_code(capsys: pytest.CaptureFixture[str]) -> None:
    """CLI-6: `trine rule CODE --json` prints that rule's record alone."""
    assert main(["rule", "file-problem", "--json"]) == 0
    record = json.loads(capsys.readouterr().out)
    assert record["code"] == "file-problem"
    assert (record["early"], record["fixable"]) == (True, False)
    assert "`max_file_size`" in record["options"]


def test_unknown_rule_exits_2() -> None:
    """CLI-5, CLI-4: `trine rule nope` exits 2 and lists the known codes."""
    proc = _run("rule", "nope")
    assert proc.returncode == 2
    assert proc.stdout == ""
    assert "nope" in proc.stderr
    assert "unknown-reference" in proc.stderr


# The bundled example


def test_slugkit_example_has_exactly_two_errors() -> None:
    """CLI-1, CLI-4: the slugkit example reports exactly its two deliberate errors and exits 1."""
    proc = _run("check", str(SLUGKIT))
    assert proc.returncode == 1
    parsed = [LINE.match(line) for line in proc.stdout.splitlines()[:-2]]
    assert all(parsed)
    errors = [m for m in parsed if m and m["severity"] == "error"]
    assert [(Path(m["path"]).name, m["code"], m["message"].split()[0]) for m in errors] == [
        ("SPEC.md", "duplicate-clause", "DUR-3"),
        ("duration.py", "unknown-reference", "DUR-9"),
    ]
    assert proc.stdout.splitlines()[-1].endswith("2 errors, 6 warnings, 3 info, 0 hints")


def test_slugkit_example_json(capsys: pytest.CaptureFixture[str]) -> None:
    """CLI-2: the slugkit JSON report lists the same two errors with relative paths."""
    assert main(["check", str(SLUGKIT), "--format", "json"]) == 1
    report = Report.model_validate_json(capsys.readouterr().out)
    errors = [(d.code, d.path, d.line) for d in report.diagnostics if d.severity == "error"]
    assert [(code, path) for code, path, _ in errors] == [
        ("duplicate-clause", "SPEC.md"),
        ("unknown-reference", "slugkit/duration.py"),
    ]
    assert report.summary.errors == 2


def test_warm_report_is_byte_for_byte_the_cold_one(tmp_path: Path) -> None:
    """PERF-1, PERF-2: the JSON report of a warm start (records from the cache) is byte for byte
    that of the cold start that filled it, although records arrive in another order when some
    come from worker processes and others from the cache."""
    root = tmp_path / "ws"
    (root / "pkg").mkdir(parents=True)
    clauses = "".join(f"- **REQ-{n}** Job {n} MUST run.\n" for n in range(1, 41))
    (root / "SPEC.md").write_text(f"# Spec\n\n{clauses}", "utf-8")
    for index in range(300):
        (root / "pkg" / f"m{index}.py").write_text(
            f'def job_{index}():\n    """REQ-{index % 40 + 1}"""\n', "utf-8"
        )
    cold = _run("check", str(root), "--format", "json")
    warm = _run("check", str(root), "--format", "json")
    assert cold.returncode == warm.returncode == 0
    assert json.loads(cold.stdout)["summary"]["requirements"] == 40
    assert warm.stdout == cold.stdout


# -- FMT-63, FMT-60: the layout line, no silent zero, formats chosen per glob -------------------


@pytest.mark.parametrize(
    "fixture",
    ["", "//- README.md\n# Tool\nIt works.\n//- pkg/README.md\n# Pkg\n//- pkg/a.py\nx = 1\n"],
    ids=["empty", "only-readmes"],
)
def test_no_spec_exits_2_and_says_where_it_looked(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], fixture: str
) -> None:
    """FMT-63, FMT-120, FMT-121: with no spec, `trine check` exits 2 naming the globs it looked
    for, the names of files read when they look like specs among them."""
    root = _ws(tmp_path, fixture) if fixture else tmp_path
    assert main(["check", str(root)]) == 2
    out = capsys.readouterr().out.splitlines()
    looked = out[0].removeprefix("trine: no spec found; looked for ").split(", ")
    assert {"SPEC.md", "spec/**", "specs/**", "docs/**/spec/**", "docs/**/specs/**"} <= set(looked)
    assert {"requirements/**/*.md", "SPEC*.md", "*-spec.md", "*_spec.md"} <= set(looked)
    assert "openspec/specs/**/spec.md" in looked
    assert out[1] == "trine: no Markdown file with a few ids or MUST/SHALL sentences either"


def test_no_spec_names_the_candidates_in_the_json_report(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """FMT-63: the JSON report carries the same lines as notes, and no spec formats."""
    root = _ws(tmp_path, "//- docs/draft.md\n- REQ-1 a\n- REQ-2 b\n- REQ-3 c\n")
    assert main(["check", str(root), "--format", "json"]) == 2
    report = json.loads(capsys.readouterr().out)
    assert report["specs"] == []
    assert report["notes"][2] == "trine:   docs/draft.md: 3 ids, 0 MUST/SHALL/SHOULD"


def test_check_names_markdown_files_outside_the_spec_paths_that_look_like_specs(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """FMT-121, FMT-123: a spec named like one is read; another Markdown file that declares ids
    is named in one line of the summary, with how to read it, and reading it as told works."""
    root = _ws(
        tmp_path,
        WARNINGS_ONLY
        + "//- docs/export-spec.md\n# Export\n- **EXP-1** a\n- **EXP-2** b\n- **EXP-3** c\n"
        "//- notes/design.md\n# Design\n- **DES-1** a\n- **DES-2** b\n- **DES-3** c\n",
    )
    main(["check", str(root)])
    out = capsys.readouterr().out.splitlines()
    assert "trine: specs: markdown 2 files" in out
    assert (
        "trine: 1 other Markdown file looks like a spec (a few ids or MUST/SHALL sentences):"
        " notes/design.md; to read them, add a [[tool.trine.specs]] table per glob"
        ' (path = "<glob>", format = "markdown"), or list them in `spec` with the spec paths it'
        " already reads"
    ) in out
    (root / "trine.toml").write_text('[[specs]]\npath = "notes/*.md"\nformat = "markdown"\n')
    main(["check", str(root)])
    out = capsys.readouterr().out.splitlines()
    assert "trine: specs: markdown 3 files" in out
    assert not [line for line in out if "look like a spec" in line or "looks like a spec" in line]


def test_json_report_counts_spec_files_per_format(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """FMT-63: `--format json` names the formats read and their files."""
    root = _ws(tmp_path, WARNINGS_ONLY)
    main(["check", str(root), "--format", "json"])
    assert json.loads(capsys.readouterr().out)["specs"] == [{"format": "markdown", "files": 1}]


def test_a_configured_format_reads_files_outside_the_spec_paths(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """FMT-60, FMT-61: a `[[specs]]` glob joins the spec paths and names their format, whatever
    their extension says."""
    root = _ws(
        tmp_path,
        WARNINGS_ONLY.replace("//- SPEC.md", "//- reqs/core.txt")
        + '//- trine.toml\n[[specs]]\npath = "reqs/*.txt"\nformat = "markdown"\n',
    )
    assert main(["check", str(root)]) == 0
    out = capsys.readouterr().out.splitlines()
    assert out[-2:-1] == ["trine: specs: markdown 1 file"]
    assert out[-1].startswith("trine: 3 clauses, 2 requirements")


# -- FMT-69: trine init ---------------------------------------------------------------------------

KIRO_AND_TESTS = """
//- .kiro/specs/core/requirements.md
# Requirements

### Requirement 1: Load

#### Acceptance Criteria

1. WHEN a file is opened THE tool SHALL read it
//- pyproject.toml
[tool.pytest.ini_options]
testpaths = ["checks"]
//- checks/test_load.py
def test_load():
    \"\"\"core/1.1\"\"\"
//- checks/helpers.py
def opened():
    return 1
"""


def test_init_writes_the_trine_toml_that_pins_what_it_found(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """FMT-69: init names the formats and clauses it read, and writes a trine.toml with a
    `[[specs]]` table for the dialect and pytest's test root that the defaults miss."""
    root = _ws(tmp_path, KIRO_AND_TESTS)
    assert main(["init", str(root)]) == 0
    out = capsys.readouterr().out
    assert "trine: kiro: 1 spec file, 2 clauses" in out
    assert "trine: tests also in checks/** (pytest's testpaths)" in out
    written = tomllib.loads((root / "trine.toml").read_text("utf-8"))
    assert written == {
        "tests": ["checks/**"],
        "specs": [{"path": "**/.kiro/specs/*/requirements.md", "format": "kiro"}],
    }
    assert main(["check", str(root)]) == 0  # the pinned configuration reads the same workspace


def test_init_never_writes_over_a_configuration(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """FMT-69: with [tool.trine] already in pyproject.toml, init prints what it would write,
    writes nothing and exits 1; with no spec at all it exits 2."""
    root = _ws(tmp_path, KIRO_AND_TESTS.replace("[tool.pytest", "[tool.trine]\n\n[tool.pytest"))
    before = (root / "pyproject.toml").read_text("utf-8")
    assert main(["init", str(root)]) == 1
    out = capsys.readouterr().out
    assert "pyproject.toml already configures trine, so nothing was written" in out
    assert '{ path = "**/.kiro/specs/*/requirements.md", format = "kiro" }' in out
    assert not (root / "trine.toml").exists()
    assert (root / "pyproject.toml").read_text("utf-8") == before
    empty = tmp_path / "empty"
    empty.mkdir()
    assert main(["init", str(empty)]) == 2
    assert not (empty / "trine.toml").exists()


def test_init_pins_no_glob_that_also_holds_other_formats(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """FMT-69: `specs/**` holds a spec-kit feature and a plain Markdown spec: pinning it to
    spec-kit would read the plain one wrongly, so it is left to detection."""
    root = _ws(
        tmp_path,
        "//- specs/001-login/spec.md\n# Feature Specification: Login\n\n"
        "- **FR-001**: System MUST log in.\n"
        "//- specs/notes.md\n# Notes\n\n- **NOTE-1** Logs MUST rotate.\n",
    )
    assert main(["init", str(root)]) == 0
    assert "trine: spec-kit: 1 spec file" in capsys.readouterr().out
    written = tomllib.loads((root / "trine.toml").read_text("utf-8"))
    assert all(entry["path"] != "specs/**" for entry in written.get("specs", []))


# FMT-11, FMT-12: a task list's links in the report


TASK_LIST = """
//- specs/001-albums/spec.md
# Feature Specification: Albums

### User Story 1 - Create an album (Priority: P1)

1. **Given** no albums, **When** the user creates one, **Then** it is listed.

- **FR-001**: System MUST store albums.
//- specs/001-albums/tasks.md
- [x] T010 [US1] Test albums (US1.1) in tests/test_albums.py
- [x] T012 [US1] Implement FR-001 in src/albums.py:store()
- [x] T013 Move settings to src/settings.py
- [ ] T014 [US1] Export in src/export.py
//- src/albums.py
def store():
    pass
//- tests/test_albums.py
def test_store():
    pass
"""


def test_task_links_in_the_json_report(tmp_path: Path) -> None:
    """FMT-11, FMT-12: `trine check` on a spec-kit workspace reports a checked task's links
    with evidence `task` at the task's path, a whole file as a path, and a checked task's
    missing file as information (exit 0)."""
    root = _ws(tmp_path, TASK_LIST)
    proc = _run("check", str(root), "--format", "json")
    assert proc.returncode == 0, proc.stderr
    report = json.loads(proc.stdout)
    links = {
        (k["source"], k["target"], k["kind"], k["evidence"], k["line"]) for k in report["links"]
    }
    assert {
        ("tests/test_albums.py", "001-albums/US1.1", "verifies", "task", 1),
        ("src/albums.py::store", "001-albums/FR-001", "implements", "task", 2),
        ("src/albums.py::store", "001-albums/US1", "implements", "task", 2),
    } <= links
    clauses = {c["id"]: c for c in report["clauses"]}
    assert clauses["001-albums/US1.1"]["tested_by"] == ["tests/test_albums.py"]
    missing = [d for d in report["diagnostics"] if d["code"] == "missing-task-file"]
    assert [(d["path"], d["line"], d["severity"]) for d in missing] == [
        ("specs/001-albums/tasks.md", 3, "info")
    ]
    assert (report["summary"]["implemented"], report["summary"]["from_tasks"]) == (1, 2)


def test_summary_line_counts_what_only_task_lists_link(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """FMT-12: the summary line says how many requirements only task lists link."""
    main(["check", str(_ws(tmp_path, TASK_LIST))])
    last = capsys.readouterr().out.splitlines()[-1]
    assert (
        "2 requirements (1 implemented, 1 tested, 2 only by task lists or requirement fields);"
        in last
    )


REQUIREMENT_FIELDS = """
//- requirements/requirements.yaml
- id: OPS-REQ-001
  text: The system shall prevent command release while global inhibit is active.
  implementation: src/ops/operations.py
  verification: tests/test_operations.py::test_inhibit_blocks_release
- id: RF-REQ-001
  text: Link analysis shall calculate FSPL.
  implementation: src/ops/link.py; src/ops/rf.py
  verification: tests/test_operations.py::test_fspl
//- src/ops/operations.py
def release():
    pass
//- src/ops/link.py
def fspl():
    pass
//- tests/test_operations.py
def test_inhibit_blocks_release():
    pass


def test_fspl():
    pass
"""


def test_requirement_fields_link_in_the_report(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """FMT-91, FMT-92, FMT-94: `trine check` on requirements that name their code and tests
    reports those links with evidence `task` at the field's path, the missing file as
    information, and the requirements as implemented and tested by their file alone."""
    root = _ws(tmp_path, REQUIREMENT_FIELDS)
    proc = _run("check", str(root), "--format", "json")
    assert proc.returncode == 0, proc.stderr
    report = json.loads(proc.stdout)
    links = {
        (k["source"], k["target"], k["kind"], k["evidence"], k["line"])
        for k in report["links"]
        if k["evidence"] == "task"
    }
    assert links == {
        ("src/ops/operations.py", "OPS-REQ-001", "implements", "task", 3),
        (
            "tests/test_operations.py::test_inhibit_blocks_release",
            "OPS-REQ-001",
            "verifies",
            "task",
            4,
        ),
        ("src/ops/link.py", "RF-REQ-001", "implements", "task", 7),
        ("tests/test_operations.py::test_fspl", "RF-REQ-001", "verifies", "task", 8),
    }
    missing = [d for d in report["diagnostics"] if d["code"] == "missing-task-file"]
    assert [(d["line"], d["column"], d["severity"]) for d in missing] == [(7, 36, "info")]
    assert [d["code"] for d in report["diagnostics"]] == ["missing-task-file"]
    main(["check", str(root)])
    last = capsys.readouterr().out.splitlines()[-1]
    assert (
        "2 requirements (2 implemented, 2 tested, 2 only by task lists or requirement fields)"
        in last
    )
