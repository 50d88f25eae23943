"""The language and spec-format seams: a file's language and a spec's format come from registries,
and nothing past them assumes Python or Markdown."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from pathlib import Path

import pytest

from trine.config import TrineConfig
from trine.ide.actions import code_actions
from trine.ide.snapshot import Snapshot
from trine.parsers import languages, specs
from trine.parsers.code import CodeParse
from trine.parsers.facts import Clause, Definition, SpecParse
from trine.parsers.ids import IdMatcher
from trine.parsers.language import CollectionRules, FoundTest
from trine.parsers.python import Python
from trine.parsers.text import Span
from trine.project import CheckResult

Workspace = Callable[..., CheckResult]


class Fake(Python):
    """A second language with Python's syntax and other rules for everything else: tests are
    `check*` functions and top-level `case(...)` calls, names starting `hidden_` are private,
    modules are named by their path with underscores, tests name clauses with `@check.spec`,
    and `.fk` files are code with no configuration."""

    name = "fake"
    extensions: tuple[str, ...] = (".fk",)
    code_globs: tuple[str, ...] = ("**/*.fk",)
    test_globs: tuple[str, ...] = ("**/*_check.fk",)

    def tests(
        self, path: str, code: CodeParse, rules: CollectionRules | None = None
    ) -> tuple[FoundTest, ...]:
        definitions = tuple(
            FoundTest(f"{path}::{d.name}", d.name, d.span, d.name_span, definition=i)
            for i, d in enumerate(code.definitions)
            if d.parent is None and d.name.startswith("check")
        )
        calls = tuple(
            FoundTest(f"{path}::case@{c.span.start_line + 1}", "case", c.span, c.span)
            for c in code.calls
            if c.name == "case" and c.owner is None
        )
        return definitions + calls

    def is_public(self, path: str, definitions: Sequence[Definition], index: int) -> bool:
        return not definitions[index].name.startswith("hidden_")

    def module_names(self, path: str) -> tuple[str, ...]:
        return (path.removesuffix(".fk").replace("/", "_"),)

    def marker_hint(self, clause_id: str | None) -> str:
        return f'@check.spec("{clause_id}")' if clause_id else "@check.spec(...)"

    def stub_path(self, source: str, tests_folder: str) -> str:
        return f"{tests_folder}/{Path(source).stem}_check.fk"

    def stub(self, clause: Clause, marker: str | None = None, beside: str | None = None) -> str:
        return f'def check_{clause.id.replace("-", "_")}():\n    """{clause.id}"""\n'


@pytest.fixture
def fake(monkeypatch: pytest.MonkeyPatch) -> Fake:
    """The fake language, read beside Python for the test only."""
    language = Fake()
    monkeypatch.setattr(languages, "LANGUAGES", (language, *languages.LANGUAGES))
    return language


FAKE = '''
//- SPEC.md
# Fake

- **FK-1** Runs MUST finish.
- **FK-2** Cases MUST run.
- **FK-3** Hidden work MUST stay hidden.
- **FK-4** Nothing tests this.
//- pkg/a.fk
def run():
    """FK-3"""
//- pkg/b.fk
def run():
    """FK-1, FK-2, FK-4"""


def hidden_helper():
    pass


def _shown():
    pass
//- tests/checks.fk
from pkg_b import run


def check_runs():
    """FK-1"""
    run()


def test_is_no_test_here():
    pass


case(
    # FK-2
    lambda: run(),
)
'''


def test_tests_and_imports_come_from_the_language(workspace: Workspace, fake: Fake) -> None:
    """CODE-8: a second language decides which definitions and calls are tests, their ids, and
    the module an import names (`pkg_b` is `pkg/b.fk` only by its rule)."""
    result = workspace(FAKE)
    graph = result.graph
    assert sorted(graph.tests) == ["tests/checks.fk::case@13", "tests/checks.fk::check_runs"]
    assert graph.records["tests/checks.fk"].language == "fake"
    assert graph.symbols_of_test("tests/checks.fk::check_runs") == ["pkg/b.fk::run"]
    assert graph.symbols_of_test("tests/checks.fk::case@13") == ["pkg/b.fk::run"]
    assert graph.tested_by["FK-2"] == ["tests/checks.fk::case@13", "tests/checks.fk::check_runs"]
    assert "FK-3" not in graph.tested_by


def test_public_names_and_marker_hints_come_from_the_language(
    workspace: Workspace, fake: Fake
) -> None:
    """CODE-8: the public-name rule and the markers messages suggest are the file's language's."""
    result = workspace(FAKE, severity={"untraced-symbol": "warning"})
    untraced = {d.data["symbol"] for d in result.diagnostics if d.code == "untraced-symbol"}
    assert untraced == {"pkg/b.fk::_shown"}
    [untested] = [d for d in result.diagnostics if d.code == "untested-clause"]
    assert '@check.spec("FK-3")' in untested.message
    assert "pytest" not in untested.message


def test_orphan_hint_is_the_test_files_language(workspace: Workspace, fake: Fake) -> None:
    """CODE-8: an orphan test is told how to name a clause in its own language."""
    result = workspace(
        "//- SPEC.md\n# S\n\n- **FK-1** Runs MUST finish.\n//- tests/checks.fk\n"
        "def check_nothing():\n    pass\n",
        severity={"orphan-test": "warning"},
    )
    [orphan] = [d for d in result.diagnostics if d.code == "orphan-test"]
    assert "@check.spec(...)" in orphan.message


def test_stub_is_written_by_the_language(workspace: Workspace, fake: Fake, tmp_path: Path) -> None:
    """CODE-8: a test stub for a clause is placed and written by the implementation's language."""
    result = workspace(FAKE)
    snapshot = Snapshot(result.graph, result.store, tmp_path)
    [untested] = [d for d in result.diagnostics if d.code == "untested-clause"]
    [stub, *_] = code_actions(snapshot, "SPEC.md", untested.span, [untested], lambda _: None)
    [edit] = stub.edits
    assert edit.path == "tests/a_check.fk"
    assert edit.edits[0].new_text == 'def check_FK_3():\n    """FK-3"""\n'


class Requirements:
    """A second spec format: `.req` files of `ID: text` lines, each line a clause."""

    name = "requirements"
    extensions: tuple[str, ...] = (".req",)
    spec_globs: tuple[str, ...] = ("requirements/**",)

    def detect(self, path: str, text: str) -> bool:
        return True

    def parse(self, path: str, text: str, ids: IdMatcher) -> SpecParse:
        clauses = []
        for number, line in enumerate(text.splitlines()):
            clause_id, _, title = line.partition(": ")
            if title and ids.is_id(clause_id):
                span = Span(number, 0, number, len(line))
                clauses.append(
                    Clause(
                        clause_id,
                        path,
                        True,
                        "item",
                        title,
                        title,
                        None,
                        1,
                        span,
                        span,
                        None,
                        ("MUST",) if "MUST" in title else (),
                        None,
                    )
                )
        return SpecParse(tuple(clauses), (), ())


@pytest.fixture
def requirements(monkeypatch: pytest.MonkeyPatch) -> Requirements:
    """The `.req` format, read beside Markdown for the test only."""
    spec_format = Requirements()
    monkeypatch.setattr(specs, "SPEC_FORMATS", (spec_format, *specs.SPEC_FORMATS))
    return spec_format


def test_a_spec_files_format_is_chosen_per_file(
    workspace: Workspace, requirements: Requirements
) -> None:
    """CL-8: a registered format reads its own files; Markdown still reads the others, and both
    yield clauses code links to."""
    assert specs.spec_format_for("spec/auth.req") is requirements
    assert specs.spec_format_for("spec/auth.md", "# Auth\n") is specs.default_spec_format()
    result = workspace(
        "//- spec/auth.req\nAUTH-1: Logins MUST be rate limited.\n"
        "//- spec/more.md\n# More\n\n- **AUTH-2** Tokens MUST expire.\n"
        '//- pkg/auth.py\ndef login():\n    """AUTH-1, AUTH-2"""\n'
    )
    graph = result.graph
    assert graph.clauses["AUTH-1"].path == "spec/auth.req"
    assert graph.clauses["AUTH-2"].path == "spec/more.md"
    assert graph.implemented_by["AUTH-1"] == ["pkg/auth.py::login"]


class Dialect:
    """A dialect of Markdown: read where its title says so, plain Markdown elsewhere."""

    name = "dialect"
    extensions: tuple[str, ...] = (".md",)
    spec_globs: tuple[str, ...] = ("features/*/spec.md",)

    def detect(self, path: str, text: str) -> bool:
        return text.startswith("# Feature Specification")

    def parse(self, path: str, text: str, ids: IdMatcher) -> SpecParse:
        return SpecParse((), (), ())


def test_a_dialect_is_chosen_by_content_and_adds_its_paths(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """CL-8: formats that share an extension are told apart by the file's text; with no
    configuration, the spec paths include every format's own."""
    dialect = Dialect()
    monkeypatch.setattr(specs, "SPEC_FORMATS", (dialect, *specs.SPEC_FORMATS))
    spec_kit = "# Feature Specification: Login\n\n- **FR-001**: System MUST log in.\n"
    assert specs.spec_format_for("features/001-login/spec.md", spec_kit) is dialect
    assert specs.spec_format_for("SPEC.md", "# Spec\n") is specs.default_spec_format()
    assert "features/*/spec.md" in TrineConfig().spec and "SPEC.md" in TrineConfig().spec


def test_python_and_markdown_are_the_defaults() -> None:
    """CODE-8, CL-8: without registrations, `.py` files are Python and `.md` files Markdown."""
    python = languages.language_for("pkg/mod.pyi")
    assert python is not None and python.name == "python"
    assert languages.language_for("pkg/mod.fk") is None
    assert specs.spec_format_for("docs/spec/core.markdown") is specs.default_spec_format()
    assert specs.spec_format_for("docs/spec/core.txt") is None
