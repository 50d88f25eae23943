"""Fuzzing the parsers: mutated and random specs, code and locks never raise, and every range
they report lies inside the text (a line of the text, a column within that line).

Every input that once broke a parser stays here as an `@example`.
"""

from __future__ import annotations

import subprocess
import sys

from fuzzing import (
    csharp_texts,
    fuzz,
    go_texts,
    lines_of,
    lock_texts,
    markdown_texts,
    odd_text,
    openspec_texts,
    python_texts,
    rust_texts,
    script_texts,
    span_inside,
    speckit_texts,
    structured_texts,
    styx_texts,
    tracey_code_texts,
    tracey_texts,
)
from hypothesis import example, given
from hypothesis import strategies as st

from trine.parsers.code import CodeParse, parse_code
from trine.parsers.csharp import CSHARP
from trine.parsers.facts import SpecParse
from trine.parsers.go import GO
from trine.parsers.ids import IdMatcher
from trine.parsers.kiro import code_citations, parse_kiro
from trine.parsers.lock import parse_lock
from trine.parsers.markdown import KEYWORDS, parse_spec, spec_signs
from trine.parsers.openspec import OpenSpec
from trine.parsers.python import PYTHON
from trine.parsers.rust import RUST
from trine.parsers.speckit import SPEC_KIT
from trine.parsers.structured import parse_structured
from trine.parsers.styx import tracey_spec_globs
from trine.parsers.text import Span
from trine.parsers.tracey import Tracey
from trine.parsers.tracey_code import TraceyIds
from trine.parsers.typescript import JAVASCRIPT, TYPESCRIPT

IDS = IdMatcher()
TRACEY_IDS = TraceyIds()


def _outside(spans: list[tuple[object, Span]], text: str) -> list[tuple[object, Span]]:
    lines = lines_of(text)
    return [(what, span) for what, span in spans if not span_inside(span, lines)]


def spec_spans(text: str, result: SpecParse | None = None) -> list[tuple[object, Span]]:
    """Every range a spec parse reports (Markdown's unless given), with what it belongs to."""
    return parse_spans(result or parse_spec(text, "docs/spec/fuzz.md", IDS))


def parse_spans(result: SpecParse) -> list[tuple[object, Span]]:
    """Every range of a spec file's clauses, references and problems."""
    spans: list[tuple[object, Span]] = []
    for clause in result.clauses:
        spans += [(clause.id, clause.span), (clause.id, clause.name_span)]
        if clause.id_span is not None:
            spans.append((clause.id, clause.id_span))
    spans += [(ref, ref.span) for ref in result.references]
    spans += [(problem, problem.span) for problem in result.problems]
    for task in result.tasks:
        spans += [(task, task.span)] + [(file, file.span) for file in task.files]
    return spans


def code_spans(result: CodeParse) -> list[tuple[object, Span]]:
    """Every range a code parse reports, with what it belongs to."""
    spans: list[tuple[object, Span]] = []
    for definition in result.definitions:
        spans += [(definition, definition.span), (definition, definition.name_span)]
    spans += [(ref, ref.span) for ref in result.references]
    spans += [(call, call.span) for call in result.calls]
    spans += [(problem, problem.span) for problem in result.problems]
    spans += [("prose", span) for span in result.prose]
    return spans


# -- specs -------------------------------------------------------------------------------------


@fuzz(300, 8_000)
@given(markdown_texts(surrogates=True))
# A setext heading whose text is only Unicode whitespace: its name span ran backwards.
@example("\xa0\n-")
@example("\u2028\n===")
# A list item whose content starts on the next line and holds a NUL (markdown-it reads U+FFFD):
# the id was looked for on the marker's line, at column -1.
@example("-\n  REQ-1 \x00")
@example("- x\n-\n  REQ-6 \x00")
# Deep nesting, unclosed fences, front matter, mixed line endings, emoji and lone surrogates.
@example("> " * 200 + "- **REQ-1** x\n```\n# REQ-2")
@example("---\ntitle: x\r\n---\r# REQ-1 😀 MUST\r\n~~~\r\n- \ud800REQ-2")
def test_spec_parser_survives_any_text(text: str) -> None:
    """CL-1, CL-7, IDX-2, WS-4: any spec text parses without raising, and every clause, name,
    id, reference and problem range lies inside the text."""
    assert _outside(spec_spans(text), text) == []


@fuzz(300, 8_000)
@given(markdown_texts(surrogates=True))
@example("- **REQ-1** MUST.\n```\n- **REQ-2** MUST\n" + "`" * 50 + "\n- **REQ-3**\x00 SHALL!")
def test_spec_signs_survive_any_text(text: str) -> None:
    """FMT-122, REL-8: the signs of a spec are read from any text without raising: the ids a
    file declares are among its explicit clauses, and no more sentences than keywords count."""
    signs = spec_signs(text, "docs/notes.md", IDS)
    parsed = parse_spec(text, "docs/notes.md", IDS)
    assert signs.declared <= {c.id for c in parsed.clauses if c.explicit}
    assert 0 <= signs.sentences <= len(KEYWORDS.findall(text))


@fuzz(300, 8_000)
@given(openspec_texts())
@example("### Requirement: \ud800REQ-1 x\n#### Scenario:\n")
def test_openspec_parser_survives_any_text(text: str) -> None:
    """FMT-40, FMT-44, FMT-46, IDX-2: any OpenSpec text, as a current spec or a proposal, parses
    without raising, every range lies inside the text, and every parent is a clause of the file."""
    for path in ("openspec/specs/auth/spec.md", "openspec/changes/c/specs/auth/spec.md"):
        result = OpenSpec().parse(path, text, IDS)
        assert _outside(spec_spans(text, result), text) == []
        ids = {c.id for c in result.clauses}
        assert {c.parent for c in result.clauses} <= ids | {None}


@fuzz(300, 8_000)
@given(markdown_texts(surrogates=True))
# Criteria lists cut by prose, headings in lists, NULs, and citations at the end of a line.
@example("### Requirement 1: A\n#### Acceptance Criteria\n1. x\n\ny\n\n1. \x00")
@example("> ### Requirement 2\n> 1. WHEN x, THE y SHALL z\n- _Requirements: 2.1_")
@example("### Requirement 3\r\n1.\n   ```\n\ud800 Validates: Requirements 3.1, AC")
@example("### Property 1: x\n**Validates: Requirements 1.1-1.9999**\n**Property 2\n# h")
def test_kiro_parser_survives_any_text(text: str) -> None:
    """FMT-21, FMT-22, FMT-23, FMT-24, FMT-33, FMT-34: any text read as a Kiro requirements or
    design file parses without raising, and every clause, reference, property and problem
    range lies inside the text."""
    result = parse_kiro(text, ".kiro/specs/fuzz/requirements.md", IDS)
    assert _outside(spec_spans(text, result), text) == []
    design = parse_kiro(text, ".kiro/specs/fuzz/design.md", IDS)
    spans = spec_spans(text, design) + [(p.id, p.span) for p in design.properties]
    assert _outside(spans, text) == []


# -- ids ---------------------------------------------------------------------------------------


@fuzz(300, 4_000)
@given(odd_text(surrogates=True))
@example("a/CL-1/CL-2 9c-FR-1a specs/001-core#FR-2 é/REQ-1")
@example("/" * 50 + "REQ-1")
@example("(CORE-US-BTRFS) ((REQ-1))")
@example("-#REQ-1")
def test_id_tokens_lie_inside_any_text(text: str) -> None:
    """CL-9, CL-10, REL-1: every id token of any text, qualified or not, lies inside the text,
    ends with an id, and is written there as the qualifier and the id."""
    for token in IDS.tokens(text):
        written = text[token.start() : token.end()]
        qualifier, _, local = token.group(0).rpartition("/")
        assert 0 <= token.start() < token.end() <= len(text)
        assert IDS.is_id(local) and written.endswith(local)
        assert written == (f"{qualifier}{written[len(qualifier)]}{local}" if qualifier else local)
    if (closing := IDS.closing(text)) is not None:
        assert IDS.is_id(closing.id) and closing.id in text[closing.end :]


@fuzz(300, 8_000)
@given(structured_texts(surrogates=True), st.sampled_from(("r.yaml", "r.json", "r.toml")))
# Aliases of aliases (billion laughs), a tag naming a Python object, CR line endings.
@example("a: &a [x, x]\nb: &b [*a, *a]\nc: [*b, *b]\n- id: REQ-1", "r.yaml")
@example("- id: REQ-1\r  text: !!python/object/apply:os.system [x]\r", "r.yaml")
@example('[{"id": "REQ-1",\t"text": "\ud800"}]', "r.json")
@example('id = "REQ-1"\ntext = """\nx"""', "r.toml")
# Fields naming files over several lines, in a block, a TOML multi-line string, a Doorstop item.
@example("- id: REQ-1\n  text: x\n  tests: |\n    t/a.py;\n    \ud800 b.py\n", "r.yaml")
@example('id = "REQ-1"\ntext = "x"\ncode = """\nsrc/a.py,\r\nb.py"""', "r.toml")
@example("text: x\nactive: true\nlinks: []\nreferences:\n- path: [a.py]\n- 3\n", "r.yaml")
def test_structured_parser_survives_any_text(text: str, path: str) -> None:
    """FMT-83, FMT-84, FMT-92, IDX-2: any YAML, JSON or TOML text parses without raising, and
    every clause, name, id, reference, problem and named file's range lies inside the text."""
    assert _outside(parse_spans(parse_structured(text, path, IDS)), text) == []


@fuzz(300, 8_000)
@given(tracey_texts(surrogates=True))
@example("> " * 200 + "r[a.b]\n" + "> x\n" * 3)
@example("r[a.b]\n\x00\n\u2028r[c.d+2]\r> r[e]")
def test_tracey_spec_parser_survives_any_text(text: str) -> None:
    """FMT-101, FMT-102, IDX-2: any text read as a tracey spec parses without raising, and every
    range it reports lies inside the text."""
    result = Tracey().parse("docs/spec/fuzz.md", text, IDS)
    assert _outside(spec_spans(text, result), text) == []


@fuzz(300, 4_000)
@given(styx_texts())
@example("specs " + "(" * 5000 + ")" * 5000)
@example('specs ({ include ("a\\"b" ..\\x) }')
def test_tracey_config_reader_survives_any_text(text: str) -> None:
    """FMT-105: any configuration text gives globs or one problem inside the text, never an
    exception."""
    globs, problems = tracey_spec_globs(text)
    assert not (globs and problems) and len(problems) <= 1
    lines = lines_of(text)
    assert [p for p in problems if not span_inside(p.span, lines)] == []


@fuzz(300, 8_000)
@given(speckit_texts(surrogates=True))
@example("### User Story 1\n1. **Given**\x00\n- **FR-001**:")
@example("- **FR-001**:\n\n\n")
@example("[NEEDS CLARIFICATION: \ud800]\r\n### Edge Cases\r- x")
def test_speckit_parser_survives_any_text(text: str) -> None:
    """FMT-2, FMT-6, IDX-2: any text in a feature's spec.md parses as spec-kit without raising,
    and every clause, name, id, reference and marker range lies inside the text."""
    result = SPEC_KIT.parse("specs/001-fuzz/spec.md", text, IDS)
    assert _outside(spec_spans(text, result), text) == []


@fuzz(300, 8_000)
@given(speckit_texts(surrogates=True))
@example("- [x] T001 [US1/2] in src/x.py:f() `\ud800.py` ../y.py\r\n  - _Tests in: t/a.py_")
@example("- [x] 1.\n  - [x] 1.1 a/b.py\n    - _Requirements: 1.1_\n```\n- [x] 2 c/d.py")
def test_task_lists_survive_any_text(text: str) -> None:
    """FMT-9, FMT-27, IDX-2: any text read as a spec-kit or Kiro task list parses without
    raising, every task and file range lies inside the text, and no path leaves the workspace."""
    for result in (
        SPEC_KIT.parse("specs/001-fuzz/tasks.md", text, IDS),
        parse_kiro(text, ".kiro/specs/fuzz/tasks.md", IDS),
    ):
        assert _outside(spec_spans(text, result), text) == []
        paths = [file.path for task in result.tasks for file in task.files]
        assert [p for p in paths if p.startswith(("/", "../")) or p == ".."] == []


# -- code --------------------------------------------------------------------------------------


@fuzz(300, 4_000)
@given(python_texts(surrogates=True))
# A lone surrogate (an editor can send one as a JSON escape) made byte columns crash.
@example("\ud800\ndef f():\n    pass\n")
@example('def f():\n    """\udfff REQ-1"""\n    g(\ud800)\n')
def test_code_parser_never_raises(text: str) -> None:
    """CODE-7, IDX-3: any code text, lone surrogates included, parses without raising."""
    parse_code(text, PYTHON.grammar(), IDS)


@fuzz(300, 4_000)
@given(script_texts(surrogates=True))
def test_script_parser_never_raises_and_keeps_spans_inside(text: str) -> None:
    """TS-1, TS-3, CODE-7: any TypeScript or JavaScript text parses without raising, its
    ranges lie inside the text, and its tests are found without raising."""
    for language in (TYPESCRIPT, JAVASCRIPT):
        code = parse_code(text, language.grammar(), IDS)
        assert _outside(code_spans(code), text) == []
        language.tests("a.test.ts", code)


@fuzz(300, 4_000)
@given(python_texts(surrogates=True))
@example("# 😀 REQ-1\ndef f(x):\r\n    '''é REQ-2'''\r    return g(x)\n")
@example("class C:\n\tdef m(self):\n\t\t# REQ-1\n" + "    (" * 50)
def test_code_spans_lie_inside_the_text(text: str) -> None:
    """CODE-1, CODE-7, IDX-2, WS-4: every definition, reference, call, problem and prose range of
    any code text lies inside the text."""
    assert _outside(code_spans(parse_code(text, PYTHON.grammar(), IDS)), text) == []


@fuzz(300, 4_000)
@given(go_texts())
@example('package p\nfunc TestX(t *testing.T) {\n\tt.Run("\ud800 a", func(t *testing.T) {})\n')
@example("func (c *C) M() {\n\t{name: `x`}, // REQ-1\n" + "\t(" * 50)
def test_go_spans_lie_inside_the_text(text: str) -> None:
    """GO-2, GO-5, CODE-7: any Go text parses without raising, and every range it reports
    (its tests' and its table entries' too) lies inside the text."""
    parsed = parse_code(text, GO.grammar(), IDS)
    spans = code_spans(parsed) + [(s, s.span) for s in parsed.strings]
    for path in ("p/x_test.go", "p/x.go"):
        spans += [(t, t.span) for t in GO.tests(path, parsed)]
        spans += [(t, t.name_span) for t in GO.tests(path, parsed)]
    assert _outside(spans, text) == []


@given(rust_texts())
@example("#[test]\n\ud800\nfn f() { assert!(g(\ud800)); }\n")
def test_rust_spans_lie_inside_the_text(text: str) -> None:
    """RS-9, CODE-7, IDX-2: any Rust text parses without raising, and every range it reports,
    tracey's markers included, lies inside the text."""
    assert _outside(code_spans(parse_code(text, RUST.grammar(), IDS)), text) == []
    assert _outside(code_spans(parse_code(text, RUST.grammar(), TRACEY_IDS)), text) == []


@fuzz(300, 4_000)
@given(tracey_code_texts())
@example("# r[impl a.b] \ud800 r[verify c+2]\n")
def test_tracey_markers_lie_inside_the_text(text: str) -> None:
    """FMT-103, IDX-2: with tracey's markers read from comments, every range of any code text
    lies inside the text."""
    assert _outside(code_spans(parse_code(text, PYTHON.grammar(), TRACEY_IDS)), text) == []


@fuzz(300, 4_000)
@given(odd_text(surrogates=True), st.one_of(st.none(), st.sampled_from(["core", "a.b"])))
@example("Requirements 1-99999999999, 2.1\u20132.3 and Property 7 Feature: x", None)
@example("Feature:\ud800 Requirement 1.1-", "core")
def test_kiro_citations_lie_inside_any_text(text: str, feature: str | None) -> None:
    """FMT-30, FMT-31, FMT-34: every Kiro-style citation of any comment or docstring text lies
    inside it and is qualified by a spec when one is named."""
    for citation in code_citations(text, feature):
        assert 0 <= citation.start < citation.end <= len(text)
        assert "/" in citation.target or not citation.target.startswith("Property")


def test_code_spans_after_a_lone_surrogate() -> None:
    """IDX-2: a reference after a lone surrogate is reported where it stands."""
    text = "#\ud800REQ-1\n"
    [reference] = parse_code(text, PYTHON.grammar(), IDS).references
    assert reference.span == Span(0, 2, 0, 7)


@fuzz(300, 4_000)
@given(csharp_texts(surrogates=True))
@example('[Test, Category("\ud800 REQ-1")]\npublic void M() { }')
def test_csharp_spans_lie_inside_the_text(text: str) -> None:
    """CS-3, CODE-7, IDX-2: any C# text, broken or not, parses without raising, and its
    definitions, references, calls and prose lie inside the text."""
    assert _outside(code_spans(parse_code(text, CSHARP.grammar(), IDS)), text) == []


# Run in a child process: the old extraction took about 50 s for 1,000 nested calls and would
# take hours for these, so a regression fails on the guard instead of stalling the suite.
_WIDE_AND_DEEP = """
from trine.parsers.code import parse_code
from trine.parsers.ids import IdMatcher
from trine.parsers.python import PYTHON
from trine.parsers.typescript import JAVASCRIPT, TYPESCRIPT
from trine.parsers.structured import parse_structured
from trine.parsers.speckit import SPEC_KIT
nested = parse_code("x = " + "f(" * 6000 + ")" * 5999, PYTHON.grammar(), IdMatcher())
assert nested.problems and len(nested.calls) > 5900, (len(nested.problems), len(nested.calls))
decorated = parse_code("@d('REQ-1')\\n" * 4000 + "def f(): pass\\n", PYTHON.grammar(), IdMatcher())
assert [d.name for d in decorated.definitions] == ["f"]
assert len(decorated.references) == 4000
assert {r.owner for r in decorated.references} == {0}
from trine.parsers.csharp import CSHARP
attributed = parse_code("class C {" + '[Category("REQ-1")]\\n' * 4000 + "void M() {} }", CSHARP.grammar(), IdMatcher())
assert len(attributed.references) == 4000 and {r.owner for r in attributed.references} == {1}
"""


def test_wide_and_deep_code_is_extracted() -> None:
    """CODE-7, REL-9: 6,000 nested calls with a parenthesis missing, and 4,000 decorators on one
    function, are extracted completely (owners and decorators found by byte ranges, never by
    walking up the tree, which was cubic in depth)."""
    subprocess.run([sys.executable, "-c", _WIDE_AND_DEEP], check=True, timeout=120)


# -- the lock ----------------------------------------------------------------------------------


@fuzz(300, 5_000)
@given(lock_texts())
# tomllib recurses once per nested array: a deep one raised RecursionError.
@example("x = " + "[" * 5000 + "]" * 5000)
@example("link = " + "{a = " * 5000 + "1" + "}" * 5000)
# Conflict markers after a CR line ending were counted on the wrong line.
@example("a\rb\n<<<<<<< HEAD\n")
def test_lock_parser_survives_any_text(text: str) -> None:
    """DRIFT-8: any lock text gives a lock or problems, never an exception, and every problem
    lies inside the text."""
    lock, problems = parse_lock(text)
    assert lock is not None or problems
    lines = lines_of(text)
    assert [p for p in problems if not span_inside(p.span, lines)] == []


def test_conflict_markers_are_reported_on_their_line() -> None:
    """DRIFT-8, WS-4: conflict markers are reported on the line an editor shows, whatever the
    line endings before them."""
    for text in ("a\rb\n<<<<<<< HEAD\n", "a\r\nb\r\n<<<<<<< HEAD\r\n", "a\rb\r<<<<<<< HEAD\r"):
        lock, [problem] = parse_lock(text)
        assert lock is None
        assert problem.span.start_line == 2 and "line 3" in problem.message, text
