"""The tracey dialect: rule markers in Markdown specs, markers in code comments, its config."""

from __future__ import annotations

import textwrap
from collections.abc import Callable
from pathlib import Path

from trine.config import TrineConfig
from trine.ide.hover import hover
from trine.ide.snapshot import Snapshot
from trine.parsers.code import CodeParser
from trine.parsers.facts import Clause
from trine.parsers.ids import IdMatcher
from trine.parsers.python import PYTHON
from trine.parsers.specs import spec_format_for
from trine.parsers.styx import TRACEY_CONFIG, tracey_spec_globs
from trine.parsers.tracey import Tracey, declares_rules
from trine.parsers.tracey_code import TraceyIds
from trine.project import CheckResult
from trine.session import BufferChanged, BufferOpened, FileChanged, Session
from workspaces import check_workspace, write_workspace

PATH = "docs/spec/auth.md"
SPEC = """\
# Auth

Some words about logins; this prose MUST NOT make the heading a requirement.

## Login

r[auth.login]
The system must accept a username and password.
It returns a session token.

> r[auth.token+2]
> Tokens expire after an hour.
>
> ```text
> r[not.a.rule]
> ```

When implementing r[auth.login] remember the token (see `r[auth.token]`).

- r[in.a.list] is not a rule.

```markdown
r[in.a.fence]
Not a rule either.
```

r[auth.logout]
Logging out ends the session.
r[auth.logout.all]
Logging out everywhere ends every session.
"""

CONFIG = """\
@schema {id crate:tracey-config@1, cli tracey}

specs (
    // The one spec.
    {
        name auth
        include (docs/spec/**/*.md)
        impls (
            {
                name python
                include (pkg/**/*.py)
                test_include (tests/**/*.py)
            }
        )
    }
)
"""


def parse(text: str = SPEC) -> dict[str, Clause]:
    result = Tracey().parse(PATH, textwrap.dedent(text), IdMatcher())
    return {c.id: c for c in result.clauses}


def test_a_markdown_file_with_a_rule_marker_is_a_tracey_spec() -> None:
    """FMT-100: a marker line at column 0 or opening a blockquote makes a tracey spec; one in
    fenced code, inside a sentence or in the middle of a paragraph does not."""
    assert declares_rules("# T\n\nr[a.b]\nText.\n")
    assert declares_rules("> h2[stream.priority+3]\n> Text.\n")
    assert not declares_rules("```\nr[a.b]\n```\n")
    assert not declares_rules("When implementing r[a.b] you should.\n")
    assert not declares_rules("# Maths\n\nThe sum runs over\nx[i]\nfor every i.\n")
    tracey = spec_format_for(PATH, SPEC)
    plain = spec_format_for(PATH, "# Plain\n\n- **REQ-1** Reads MUST work.\n")
    assert tracey is not None and tracey.name == "tracey"
    assert plain is not None and plain.name == "markdown"


def test_rules_are_paragraphs_and_blockquotes_under_their_headings() -> None:
    """FMT-101: rules are the paragraphs and blockquotes opened by a marker, with their text and
    section; markers in lists, fences and sentences declare nothing; headings are sections."""
    clauses = parse()
    assert sorted(clauses) == [
        "auth.login",
        "auth.logout",
        "auth.logout.all",
        "auth.token",
        f"{PATH}#auth",
        f"{PATH}#login",
    ]
    login = clauses["auth.login"]
    assert login.explicit and login.parent == f"{PATH}#login"
    assert login.text == (
        "The system must accept a username and password.\nIt returns a session token."
    )
    token = clauses["auth.token"]
    assert token.text.startswith("Tokens expire after an hour.\n\n```text")
    assert clauses["auth.logout"].text == "Logging out ends the session."
    top = clauses[f"{PATH}#auth"]
    assert not top.explicit and top.keywords == ()


CODE = """\
# r[impl auth.login]
def login():
    return "r[impl auth.logout]"


def logout():
    '''r[impl auth.logout] in a docstring is no marker.'''
    # r[depends auth.token]: rechecked when tokens change.
    # `r[impl auth.logout.all]` is quoted, not said.
    return r["key"]


def helper():
    # r[verify auth.token]
    return 1
"""

TESTS = """\
def test_login():
    # r[verify auth.login]
    assert True


def test_token():
    # r[impl auth.token+1]
    assert True
"""


def tracey_workspace(config: bool = True) -> str:
    """A workspace using tracey: its config (unless not wanted), a spec, code and tests."""
    files = {
        "docs/spec/auth.md": SPEC,
        "pkg/auth.py": CODE,
        "tests/test_auth.py": TESTS,
        **({".config/tracey/config.styx": CONFIG} if config else {}),
    }
    return "".join(f"//- {path}\n{text}" for path, text in files.items())


def test_every_rule_is_a_requirement_and_only_rules_are(
    workspace: Callable[..., CheckResult],
) -> None:
    """FMT-101: each rule is a requirement, lowercase "must" or none; headings are not, even
    with an uppercase MUST in their prose."""
    graph = workspace(tracey_workspace()).graph
    assert graph.requirements == {"auth.login", "auth.logout", "auth.logout.all", "auth.token"}


def test_markers_in_prose_name_rules() -> None:
    """FMT-102: markers in a sentence, in backticks or in a list item are references; the
    declarations and the fenced examples are not."""
    result = Tracey().parse(PATH, SPEC, IdMatcher())
    assert [(r.target, r.span.start_line) for r in result.references] == [
        ("auth.login", 17),
        ("auth.token", 17),
        ("in.a.list", 19),
    ]


def test_comment_markers_link_code_and_tests_by_their_verb(
    workspace: Callable[..., CheckResult],
) -> None:
    """FMT-103, FMT-104: `impl` links a function, `verify` (or `impl`) in a test verifies,
    `depends` links nothing; strings, docstrings and backticks hold no markers."""
    graph = workspace(tracey_workspace()).graph
    assert dict(graph.implemented_by) == {"auth.login": ["pkg/auth.py::login"]}
    assert dict(graph.tested_by) == {
        "auth.login": ["tests/test_auth.py::test_login"],
        "auth.token": ["tests/test_auth.py::test_token"],
    }
    mentioned = {r.mention.target for r in graph.resolved_in["pkg/auth.py"]}
    assert mentioned == {"auth.login", "auth.token"}


def test_a_verify_marker_in_code_is_reported(workspace: Callable[..., CheckResult]) -> None:
    """FMT-104: `r[verify x]` in a function that is no test links nothing and says so there."""
    result = workspace(tracey_workspace())
    [problem] = [d for d in result.diagnostics if d.code == "file-problem"]
    assert (problem.path, problem.span.start_line) == ("pkg/auth.py", 13)
    assert "auth.token" in problem.message and "test" in problem.message


def test_without_a_tracey_config_comments_hold_no_markers(
    workspace: Callable[..., CheckResult],
) -> None:
    """FMT-103: in a workspace that does not use tracey, `# r[impl x]` is just a comment."""
    graph = workspace(tracey_workspace(config=False)).graph
    assert "auth.login" in graph.requirements
    assert dict(graph.implemented_by) == {} and dict(graph.tested_by) == {}


def test_the_config_names_the_spec_paths() -> None:
    """FMT-105: the `include` globs of every spec, not those of its impls; globs out of the
    workspace and unknown keys are left out."""
    text = CONFIG.replace("include (docs/spec/**/*.md)", "include (docs/a.md ../other/*.md ./b.md)")
    text = text.replace("name auth", "name auth\n        include_plain (README.md)")
    assert tracey_spec_globs(text) == (("docs/a.md", "b.md"), ())


def test_a_broken_config_is_one_problem() -> None:
    """FMT-105: an unclosed list, a stray bracket or a bad character is one problem at its line,
    and no globs."""
    for text, line in (("specs (\n  { include (a.md) }\n", 0), ("specs ()\n}\n", 1), ('a "b\n', 0)):
        globs, problems = tracey_spec_globs(text)
        assert globs == ()
        [problem] = problems
        assert problem.span.start_line == line and "tracey configuration" in problem.message


def test_the_tracey_config_adds_its_spec_paths(workspace: Callable[..., CheckResult]) -> None:
    """FMT-105: a spec outside trine's default paths is read when tracey's config names it."""
    config = CONFIG.replace("docs/spec/**/*.md", "design/rules.md")
    graph = workspace(
        f"//- .config/tracey/config.styx\n{config}//- design/rules.md\nr[a.b]\nText.\n"
    ).graph
    assert "a.b" in graph.requirements


def test_versions_are_recorded_and_any_version_resolves() -> None:
    """FMT-106: `+2` is the clause's version, not part of its id; no suffix is version 1."""
    clauses = parse()
    assert clauses["auth.token"].version == 2
    assert clauses["auth.login"].version == 1
    assert clauses[f"{PATH}#auth"].version is None


def test_hover_on_a_comment_marker_shows_the_rule(
    workspace: Callable[..., CheckResult], tmp_path: Path
) -> None:
    """FMT-103, FMT-106, LSP-7: in the editor, hovering the rule id of `# r[impl auth.login]`
    shows the rule's text and what implements and tests it; a rule's version is shown."""
    result = workspace(tracey_workspace())
    snapshot = Snapshot(result.graph, result.store, tmp_path)
    found = hover(snapshot, "pkg/auth.py", 0, CODE.index("auth.login") + 2)
    assert found is not None and found.markdown.startswith("**auth.login**")
    assert "The system must accept a username and password." in found.markdown
    assert "Implemented by [`login`]" in found.markdown
    assert "Tested by [`tests/test_auth.py::test_login`]" in found.markdown
    token = hover(snapshot, "docs/spec/auth.md", SPEC.split("\n").index("> r[auth.token+2]"), 4)
    assert token is not None and token.markdown.startswith("**auth.token** (version 2)")


def test_a_misspelt_rule_in_a_marker_is_an_unknown_reference(
    workspace: Callable[..., CheckResult],
) -> None:
    """FMT-107: `r[impl auth.logn]` names no rule of the `auth.` family: an error that suggests
    the rule meant; a marker of a family nobody declares stays quiet."""
    code = "# r[impl auth.logn] r[impl other.rule]\ndef login():\n    return 1\n"
    fixture = tracey_workspace().replace(CODE, code)
    [unknown] = [d for d in workspace(fixture).diagnostics if d.code == "unknown-reference"]
    assert (unknown.path, unknown.severity) == ("pkg/auth.py", "error")
    assert "auth.logn" in unknown.message and "auth.login" in unknown.message


IGNORED = """\
# @tracey:ignore-next-line
# r[impl skipped.one]
# r[impl kept.one]
def f():
    return 1

# @tracey:ignore-start
# r[impl skipped.two]


# r[impl skipped.three]
# @tracey:ignore-end
# r[impl kept.two]
def g():
    return 2
"""


def _targets(parser: CodeParser, text: str) -> list[str]:
    return [r.target for r in parser.parse(text).references]


def test_ignore_directives_silence_markers() -> None:
    """FMT-108: the line after `ignore-next-line` and the lines of an ignore block hold no
    markers, across blank lines; the rest still count."""
    parser = CodeParser(PYTHON.grammar(), TraceyIds())
    assert _targets(parser, IGNORED) == ["kept.one", "kept.two"]
    unclosed = IGNORED.replace("# @tracey:ignore-end\n", "")
    assert _targets(parser, unclosed) == ["kept.one"]


def test_ignore_directives_hold_while_editing() -> None:
    """FMT-108: in an edited buffer, adding or removing a directive above changes what a later
    chunk holds (its facts are not reused from before the edit)."""
    parser = CodeParser(PYTHON.grammar(), TraceyIds())
    silenced = "# @tracey:ignore-start\nx = 1\n\n# r[impl later.rule]\ny = 2\n"
    plain = silenced.replace("@tracey:ignore-start", "ignore nothing")
    assert _targets(parser, plain) == ["later.rule"]
    assert _targets(parser, silenced) == []
    assert _targets(parser, plain) == ["later.rule"]


def test_adding_the_tracey_config_reindexes_the_workspace(tmp_path: Path) -> None:
    """FMT-105, FMT-103: in the editor, a tracey configuration written to disk is read like
    trine's own: the workspace is indexed again, and comment markers now link."""
    write_workspace(tmp_path, tracey_workspace(config=False))
    session = Session(tmp_path)
    session.scan()
    assert dict(session.host.graph().implemented_by) == {}
    write_workspace(tmp_path, f"//- {TRACEY_CONFIG}\n{CONFIG}")
    session.apply(FileChanged(TRACEY_CONFIG))
    assert session.needs_index
    session.scan()
    assert dict(session.host.graph().implemented_by) == {"auth.login": ["pkg/auth.py::login"]}


def test_files_the_config_includes_are_read_as_tracey_with_or_without_rules(
    workspace: Callable[..., CheckResult],
) -> None:
    """FMT-109: a rule-less Markdown file tracey's `include` names is a tracey spec (its MUST
    heading is a section, not a requirement); one outside it stays plain Markdown; a format
    `[[specs]]` names still wins."""
    notes = "# Notes\n\n## Terms\n\nThe words MUST and SHALL are to be read as in RFC 2119.\n"
    fixture = (
        tracey_workspace() + f"//- docs/spec/notes.md\n{notes}//- docs/other/notes.md\n{notes}"
    )
    result = workspace(fixture)
    formats = {p: r.spec_format for p, r in result.graph.records.items() if r.role == "spec"}
    assert formats["docs/spec/notes.md"] == "tracey"
    assert "docs/other/notes.md" not in formats or formats["docs/other/notes.md"] == "markdown"
    assert result.graph.requirements == {
        "auth.login",
        "auth.logout",
        "auth.logout.all",
        "auth.token",
    }
    chosen = TrineConfig.model_validate(
        {"specs": [{"path": "docs/spec/notes.md", "format": "markdown"}]}
    )
    pinned = workspace(fixture, chosen).graph.records["docs/spec/notes.md"]
    assert pinned.spec_format == "markdown"


def test_a_changed_tracey_include_reads_the_file_again(tmp_path: Path) -> None:
    """FMT-109, FMT-112: the record cache is kept apart per set of tracey globs: a file the new
    configuration no longer names is no longer a tracey spec, nor read as generic Markdown."""
    notes = "# Notes\n\n- **NOTE-1** The words MUST be read as in RFC 2119.\n"
    write_workspace(tmp_path, tracey_workspace() + f"//- docs/spec/notes.md\n{notes}")
    session = Session(tmp_path)
    session.scan()
    assert session.host.records["docs/spec/notes.md"].spec_format == "tracey"
    narrower = CONFIG.replace("docs/spec/**/*.md", "docs/spec/auth.md")
    write_workspace(tmp_path, f"//- {TRACEY_CONFIG}\n{narrower}")
    session.apply(FileChanged(TRACEY_CONFIG))
    session.scan()
    assert "docs/spec/notes.md" not in session.host.records
    assert "NOTE-1" not in session.host.graph().requirements
    assert session.host.records["docs/spec/auth.md"].spec_format == "tracey"


BROKEN = CONFIG.replace("name auth", 'name "auth')


def test_a_broken_config_is_a_file_problem_of_the_config(
    workspace: Callable[..., CheckResult],
) -> None:
    """FMT-110: a tracey configuration that cannot be read is one `file-problem` at its line in
    the configuration file; the rest of the workspace is still checked."""
    result = workspace(tracey_workspace().replace(CONFIG, BROKEN))
    [problem] = [d for d in result.diagnostics if d.path == TRACEY_CONFIG]
    assert problem.code == "file-problem"
    assert problem.span.start_line == BROKEN.split("\n").index('        name "auth')
    assert "tracey configuration" in problem.message and "(line" in problem.message
    assert "auth.login" in result.graph.requirements


def test_a_config_that_cannot_be_read_at_all_is_a_file_problem(tmp_path: Path) -> None:
    """FMT-110: a binary configuration file is one `file-problem` there, saying it was not
    read; comments still hold markers (the workspace uses tracey)."""
    write_workspace(tmp_path, tracey_workspace())
    (tmp_path / TRACEY_CONFIG).write_bytes(b"specs \x00\x01\x02 (\xff)")
    result = check_workspace(tmp_path)
    [problem] = [d for d in result.diagnostics if d.path == TRACEY_CONFIG]
    assert problem.code == "file-problem"
    assert problem.message.startswith("the tracey configuration is not read: ")
    assert dict(result.graph.implemented_by) == {"auth.login": ["pkg/auth.py::login"]}


def test_the_config_problem_stays_while_the_config_is_edited(tmp_path: Path) -> None:
    """FMT-110: in the editor, opening and editing the broken configuration keeps its problem
    (the file is read again when saved), and saving a fixed one clears it."""
    write_workspace(tmp_path, tracey_workspace().replace(CONFIG, BROKEN))
    session = Session(tmp_path)
    session.scan()
    assert [d.code for d in session.current(TRACEY_CONFIG)] == ["file-problem"]
    session.apply(BufferOpened(TRACEY_CONFIG, BROKEN, 1))
    session.apply(BufferChanged(TRACEY_CONFIG, CONFIG, 2))
    assert [d.code for d in session.current(TRACEY_CONFIG)] == ["file-problem"]
    write_workspace(tmp_path, f"//- {TRACEY_CONFIG}\n{CONFIG}")
    session.apply(FileChanged(TRACEY_CONFIG))
    session.scan()
    assert session.current(TRACEY_CONFIG) == ()


def test_an_unclosed_ignore_block_is_a_problem_at_its_start(
    workspace: Callable[..., CheckResult],
) -> None:
    """FMT-111: `@tracey:ignore-start` with no `@tracey:ignore-end` is a `file-problem` at the
    directive, saying how to close it; a closed block gives none."""
    unclosed = IGNORED.replace("# @tracey:ignore-end\n", "")
    fixture = tracey_workspace() + f"//- pkg/ignored.py\n{unclosed}//- pkg/closed.py\n{IGNORED}"
    problems = [d for d in workspace(fixture).diagnostics if d.code == "file-problem"]
    [problem] = [d for d in problems if d.path.startswith("pkg/") and "ignore" in d.message]
    start = unclosed.split("\n").index("# @tracey:ignore-start")
    assert (problem.path, problem.span.start_line, problem.span.start_col) == (
        "pkg/ignored.py",
        start,
        2,
    )
    assert "@tracey:ignore-end" in problem.message


def test_a_glob_trine_cannot_match_is_one_problem_and_the_rest_count(
    workspace: Callable[..., CheckResult],
) -> None:
    """FMT-110: globs of the configuration trine cannot match (too many wildcards) are left out
    with one problem at the first one's line; the other globs still name specs."""
    hostile = "docs/" + "*a" * 40 + ".md"
    config = CONFIG.replace(
        "include (docs/spec/**/*.md)",
        f"include ({hostile} {hostile}x\n            design/rules.md)",
    )
    result = workspace(f"//- {TRACEY_CONFIG}\n{config}//- design/rules.md\nr[a.b]\nText.\n")
    [problem] = [d for d in result.diagnostics if d.path == TRACEY_CONFIG]
    assert problem.span.start_line == config.split("\n").index(
        f"        include ({hostile} {hostile}x"
    )
    assert "more than 32 wildcards" in problem.message and "(and 1 more)" in problem.message
    assert "a.b" in result.graph.requirements


def test_tracey_configuration_wins_over_generic_spec_paths(
    workspace: Callable[..., CheckResult],
) -> None:
    """FMT-112: with a tracey configuration, a copy of the spec under a spec-like name
    (`tracey-spec.md`, front matter added) and a `docs/specs/` note are not read: only what
    its `include` names is, and no rule is declared twice."""
    copy = f"---\nname: tracey-spec\n---\n{SPEC}"
    result = workspace(
        tracey_workspace()
        + f"//- skill/references/auth-spec.md\n{copy}"
        + "//- docs/specs/notes.md\n# Notes\n\n- **NOTE-1** The tool MUST log.\n"
    )
    specs = {c.path for c in result.graph.clauses.values()}
    assert specs == {"docs/spec/auth.md"}
    assert not [d for d in result.diagnostics if d.code == "duplicate-clause"]
