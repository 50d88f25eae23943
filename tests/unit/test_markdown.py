"""The spec parser: clauses, nesting, own text, keywords, references and fence problems."""

from __future__ import annotations

import textwrap

from trine.index.needs import KeywordPolicy
from trine.parsers.facts import Clause, SpecParse
from trine.parsers.ids import IdMatcher, id_prefix
from trine.parsers.markdown import parse_spec
from trine.parsers.text import Span

PATH = "docs/spec/s.md"


def parse(text: str, path: str = PATH) -> SpecParse:
    """Parse a dedented spec text with the default id pattern."""
    return parse_spec(textwrap.dedent(text), path, IdMatcher())


def by_id(result: SpecParse) -> dict[str, Clause]:
    return {c.id: c for c in result.clauses}


def refs(result: SpecParse) -> list[tuple[str, str, int, int]]:
    """References as (kind, target, line, column)."""
    return [(r.kind, r.target, r.span.start_line, r.span.start_col) for r in result.references]


# Headings and what does not count (CL-1)


def test_atx_and_setext_headings_are_clauses() -> None:
    """CL-1: ATX and setext headings are clauses with their level, title and line."""
    result = parse(
        """\
        # Top

        Setext one
        ==========

        Setext two
        ----------

        ###### Six ######
        """
    )
    assert [(c.id, c.kind, c.level, c.title, c.span.start_line) for c in result.clauses] == [
        (f"{PATH}#top", "heading", 1, "Top", 0),
        (f"{PATH}#setext-one", "heading", 1, "Setext one", 2),
        (f"{PATH}#setext-two", "heading", 2, "Setext two", 5),
        (f"{PATH}#six", "heading", 6, "Six", 8),
    ]


def test_code_blocks_hold_no_headings_ids_or_keywords() -> None:
    """CL-1: headings, ids and keywords in fenced and indented code blocks do not count."""
    result = parse(
        """\
        # Top

        ```markdown
        # Not a heading
        REQ-9: not a clause, it MUST not count
        - **REQ-8** nor this
        ```

            ## Indented code
            REQ-7: neither MUST this
        """
    )
    [top] = result.clauses
    assert top.id == f"{PATH}#top"
    assert top.keywords == ()
    assert result.references == ()
    assert result.problems == ()


def test_html_comments_hold_no_headings_ids_or_keywords() -> None:
    """CL-1: headings, ids and keywords in HTML comments (block or inline) do not count."""
    result = parse(
        """\
        # Top

        <!--
        ## Hidden heading
        - **REQ-2** a hidden item MUST not count
        -->

        Visible text <!-- SHALL and REQ-3 --> only.
        """
    )
    [top] = result.clauses
    assert top.keywords == ()
    assert result.references == ()


def test_front_matter_holds_no_headings_or_ids() -> None:
    """CL-1: YAML front matter is not read as headings or ids; later lines keep their numbers."""
    result = parse(
        """\
        ---
        title: REQ-1 overview
        # not a heading
        ---
        # Real
        """
    )
    assert [(c.id, c.span.start_line) for c in result.clauses] == [(f"{PATH}#real", 4)]
    assert result.references == ()


def test_comment_markers_inside_code_spans_are_not_comments() -> None:
    """CL-1: `<!--` and `-->` inside code spans open no comment, so the prose between counts."""
    result = parse(
        """\
        ## Comments

        Write `<!--` to open one; the parser MUST skip REQ-7 until `-->` closes it.
        """
    )
    [clause] = result.clauses
    assert clause.keywords == ("MUST",)
    assert refs(result) == [("id", "REQ-7", 2, 47)]


# Slugs (CL-2)


def test_heading_id_is_path_and_github_slug() -> None:
    """CL-2: a heading's id is `<path>#<slug>` with GitHub's lower-case, punctuation-free slug."""
    result = parse(
        """\
        ## Hello, World! (v2.0) — done
        ## Don't stop
        ## snake_case and `code.span`
        ## The *fast* [path](x.md)
        ## Über café
        ## A &amp; B
        ## 😀 Party
        """,
        path="spec/api.md",
    )
    assert [c.id for c in result.clauses] == [
        "spec/api.md#hello-world-v20--done",
        "spec/api.md#dont-stop",
        "spec/api.md#snake_case-and-codespan",
        "spec/api.md#the-fast-path",
        "spec/api.md#über-café",
        "spec/api.md#a--b",
        "spec/api.md#-party",
    ]


def test_repeated_headings_get_numbered_suffixes() -> None:
    """CL-2: repeated headings get GitHub's -1, -2 suffixes."""
    result = parse("## Foo\n## Foo\n## Foo\n")
    assert [c.id for c in result.clauses] == [f"{PATH}#foo", f"{PATH}#foo-1", f"{PATH}#foo-2"]
    assert [c.slug for c in result.clauses] == ["foo", "foo-1", "foo-2"]


def test_suffixes_skip_slugs_already_taken() -> None:
    """CL-2: a suffixed slug that a heading already uses is skipped, as on GitHub."""
    result = parse("## Foo 1\n## Foo\n## Foo\n## Foo 1\n")
    assert [c.slug for c in result.clauses] == ["foo-1", "foo", "foo-2", "foo-1-1"]


def test_slug_keeps_combining_marks() -> None:
    """CL-2: GitHub keeps combining marks, so a Hindi heading keeps its vowel signs."""
    result = parse("## हिन्दी\n## Cafe\u0301\n")
    assert [c.slug for c in result.clauses] == ["हिन्दी", "cafe\u0301"]


def test_slug_drops_superscript_digits() -> None:
    """CL-2: GitHub drops other-number characters such as superscript two from slugs."""
    [clause] = parse("## Area in m²\n").clauses
    assert clause.slug == "area-in-m"


# Explicit ids (CL-3)


def test_heading_with_explicit_id() -> None:
    """CL-3: a heading that starts with an id and a colon is a clause with that id."""
    result = parse("# Spec\n\n### REQ-12: Title here\nBody.\n")
    clause = by_id(result)["REQ-12"]
    assert (clause.explicit, clause.kind, clause.level) == (True, "heading", 3)
    assert clause.title == "Title here"
    assert clause.slug == "req-12-title-here"
    assert clause.name_span.start_line == 2
    assert result.references == ()


def test_heading_ids_in_bold_or_alone() -> None:
    """CL-3: a heading id may be in bold, or be the whole heading."""
    result = parse("### **REQ-13** Bold title\n### REQ-14\n### REQ-15: Closed ###\n")
    assert [(c.id, c.title) for c in result.clauses] == [
        ("REQ-13", "Bold title"),
        ("REQ-14", "REQ-14"),
        ("REQ-15", "Closed"),
    ]


def test_heading_id_in_brackets_is_not_part_of_the_title() -> None:
    """CL-3: a heading id in brackets is stripped from the title, as in list items."""
    [clause] = parse("### [REQ-12] Title\n").clauses
    assert clause.id == "REQ-12"
    assert clause.title == "Title"


def test_list_items_with_explicit_ids() -> None:
    """CL-3: list items that start with an id, bare, bold or bracketed, are clauses."""
    result = parse(
        """\
        # Spec
        - **REQ-12** The parser MUST accept empty input.
        - [REQ-13] Brackets work. Second sentence.
        - **REQ-14:** Lead in: the rest.
        - **[REQ-15]** Bold brackets.
        - REQ-16 Plain.
        1. REQ-17: Numbered.
        """
    )
    items = [c for c in result.clauses if c.kind == "item"]
    assert [(c.id, c.title, c.name_span) for c in items] == [
        ("REQ-12", "The parser MUST accept empty input.", Span(1, 4, 1, 10)),
        ("REQ-13", "Brackets work", Span(2, 3, 2, 9)),
        ("REQ-14", "Lead in", Span(3, 4, 3, 10)),
        ("REQ-15", "Bold brackets.", Span(4, 5, 4, 11)),
        ("REQ-16", "Plain.", Span(5, 2, 5, 8)),
        ("REQ-17", "Numbered.", Span(6, 3, 6, 9)),
    ]
    assert all(c.explicit and c.slug is None for c in items)


def test_paragraph_with_explicit_id() -> None:
    """CL-3: a paragraph that starts with an id and a colon is a clause with that id."""
    result = parse("# Spec\n\nREQ-3: Reads input. It MUST not block.\n")
    clause = by_id(result)["REQ-3"]
    assert (clause.kind, clause.title, clause.text) == (
        "paragraph",
        "Reads input",
        "Reads input. It MUST not block.",
    )
    assert clause.name_span == Span(2, 0, 2, 5)
    assert clause.parent == f"{PATH}#spec"


def test_ids_that_do_not_start_a_block_are_no_declarations() -> None:
    """CL-3: an id inside a sentence, glued to text or followed by a period declares nothing."""
    result = parse(
        """\
        # Spec
        - See REQ-1 for details.
        - REQ-2xy is no id.
        - REQ-3. has a period.

        Text about REQ-4 here.
        """
    )
    assert [c.id for c in result.clauses] == [f"{PATH}#spec"]
    assert [r.target for r in result.references] == ["REQ-1", "REQ-3", "REQ-4"]


# Nesting and own text (CL-4, CL-5)


def test_headings_nest_by_level() -> None:
    """CL-4: a heading's parent is the nearest heading above it with a lower level."""
    result = parse("# A\n### B\n## C\n#### D\n# E\n")
    assert [(c.title, c.parent) for c in result.clauses] == [
        ("A", None),
        ("B", f"{PATH}#a"),
        ("C", f"{PATH}#a"),
        ("D", f"{PATH}#c"),
        ("E", None),
    ]


def test_list_items_nest_in_their_section_and_item() -> None:
    """CL-4: a list-item clause's parent is the item or section that holds it."""
    result = parse(
        """\
        # Top
        ## Section
        - **REQ-1** Outer.
          - **REQ-2** Inner.

            REQ-3: A paragraph in the inner item.
        - Plain item
          - **REQ-4** Under a plain item.

        REQ-5: A paragraph in the section.
        # Next
        - **REQ-6** In the next section.
        """
    )
    parents = {c.id: c.parent for c in result.clauses}
    assert parents == {
        f"{PATH}#top": None,
        f"{PATH}#section": f"{PATH}#top",
        "REQ-1": f"{PATH}#section",
        "REQ-2": "REQ-1",
        "REQ-3": "REQ-2",
        "REQ-4": f"{PATH}#section",
        "REQ-5": f"{PATH}#section",
        f"{PATH}#next": None,
        "REQ-6": f"{PATH}#next",
    }


def test_own_text_stops_at_the_first_child_clause() -> None:
    """CL-5: a clause's text is its own content up to its first child clause."""
    result = parse(
        """\
        # Top

        Intro paragraph.

        ## Child

        Child text.
        - **REQ-1** Item text
          on two lines.
          - **REQ-2** Nested.
        """
    )
    texts = {c.id: c.text for c in result.clauses}
    assert texts == {
        f"{PATH}#top": "Intro paragraph.",
        f"{PATH}#child": "Child text.",
        "REQ-1": "Item text\non two lines.",
        "REQ-2": "Nested.",
    }


def test_clause_lines_and_end_lines() -> None:
    """CL-5: a clause records its line and end line, without trailing blank lines."""
    result = parse(
        """\
        # Top

        Intro.

        ## Child
        - **REQ-1** First
          - **REQ-2** Second

        # Next
        """
    )
    lines = {c.id: (c.path, c.span.start_line, c.span.end_line) for c in result.clauses}
    assert lines == {
        f"{PATH}#top": (PATH, 0, 6),
        f"{PATH}#child": (PATH, 4, 6),
        "REQ-1": (PATH, 5, 6),
        "REQ-2": (PATH, 6, 6),
        f"{PATH}#next": (PATH, 8, 8),
    }


# Keywords and symbol hints (CL-6)


def test_keywords_only_in_capitals_and_own_text() -> None:
    """CL-6, CL-16: normative words are read as whole words, only in the own text, as written
    (lowercase too: the keyword policy decides which count)."""
    result = parse(
        """\
        # Top

        It MUST NOT fail, SHOULD be fast, must be small, MUSTARD aside.

        ## Child

        A child SHALL be RECOMMENDED.
        - **REQ-1** An item is REQUIRED.
        """
    )
    keywords = {c.id: c.keywords for c in result.clauses}
    assert keywords == {
        f"{PATH}#top": ("MUST NOT", "SHOULD", "must"),
        f"{PATH}#child": ("SHALL", "RECOMMENDED"),
        "REQ-1": ("REQUIRED",),
    }


def test_keywords_in_code_spans_do_not_count() -> None:
    """CL-6: keywords inside single or double backtick code spans are not requirements."""
    [clause] = parse("# Top\n\nThe word `MUST` and ``a `SHOULD` b`` are quoted.\n").clauses
    assert clause.keywords == ()


def test_may_and_optional_grant_no_obligation() -> None:
    """CL-6, CL-16: MAY and OPTIONAL permit rather than oblige: their strength is `may`."""
    result = parse("# Cache\n\nResults MAY be cached.\n\n# Flag\n\nThe flag is OPTIONAL.\n")
    assert [c.keywords for c in result.clauses] == [("MAY",), ("OPTIONAL",)]
    assert [KeywordPolicy().strength(c.keywords) for c in result.clauses] == ["may", "may"]


def test_symbol_hint_from_signature_or_code_span() -> None:
    """CL-6, CODE-6: a heading naming a function as a signature or code span gives its name."""
    result = parse(
        """\
        ## slugify(text, sep)
        ### parse(s) -> int
        ## `tokenize`
        ## `render()`
        ## Parser.feed(data)
        ## REQ-5: split(s)
        ## The parse function
        ## `slugify` in depth
        """
    )
    assert [c.symbol_hint for c in result.clauses] == [
        "slugify",
        "parse",
        "tokenize",
        "render",
        "Parser.feed",
        "split",
        None,
        None,
    ]


# References


def test_id_references_in_prose_but_not_declarations() -> None:
    """DIAG-1: id tokens in prose are references, the declarations themselves and code are not."""
    result = parse(
        """\
        # Spec
        - **REQ-1** First.
        - **REQ-2** Builds on REQ-1 and DUR-1.2.

        See REQ-2 but not `REQ-9`.
        """
    )
    assert refs(result) == [
        ("id", "REQ-1", 2, 22),
        ("id", "DUR-1.2", 2, 32),
        ("id", "REQ-2", 4, 4),
    ]
    assert {r.place for r in result.references} == {"text"}


def test_link_anchors_are_references() -> None:
    """DIAG-1: links to a slug here or in another Markdown file are anchors; web links are not."""
    result = parse(
        """\
        # Spec

        See [here](#spec), [there](other.md#slug), [angle](<b.md#s>),
        [web](https://example.com/page#part) and [file](c.md).
        """
    )
    assert refs(result) == [
        ("anchor", "#spec", 2, 11),
        ("anchor", "other.md#slug", 2, 27),
        ("anchor", "b.md#s", 2, 52),
    ]
    assert {r.place for r in result.references} == {"link"}


# Fences (CL-7)


def test_unterminated_fence_is_a_problem_naming_its_line() -> None:
    """CL-7: a code fence that is never closed is reported on its opening line."""
    result = parse("# Spec\n\nText.\n\n```python\ncode\n")
    [problem] = result.problems
    assert problem.span.start_line == 4
    assert "line 5" in problem.message


def test_unterminated_tilde_fence_is_a_problem() -> None:
    """CL-7: a tilde fence that is never closed is reported, even with backticks later on."""
    [problem] = parse("~~~\ncode\n```\n").problems
    assert problem.span.start_line == 0
    assert "line 1" in problem.message


def test_closed_fences_are_no_problem() -> None:
    """CL-7: fences closed by the same or a longer marker, also in list items, are fine."""
    result = parse(
        """\
        ```
        a
        ```

        ~~~~
        b
        ~~~~~~

        - item

          ```
          c
          ```
        """
    )
    assert result.problems == ()


def test_closed_fence_in_block_quote_is_no_problem() -> None:
    """CL-7: a fence closed inside a block quote is not reported as never closed."""
    result = parse("> ```\n> code\n> ```\n")
    assert result.problems == ()


# Positions (WS-4, IDX-2)


def test_crlf_and_cr_give_the_same_lines_and_columns() -> None:
    """WS-4: CRLF and CR line endings give the same clauses and positions as LF."""
    text = (
        "# Top\n\nIntro MUST.\n\n## Sub\n- **REQ-1** Item SHOULD.\n  more\n"
        "- see REQ-1 and [x](#top)\n\n```\nopen\n"
    )
    lf = parse_spec(text, PATH, IdMatcher())
    assert parse_spec(text.replace("\n", "\r\n"), PATH, IdMatcher()) == lf
    assert parse_spec(text.replace("\n", "\r"), PATH, IdMatcher()) == lf
    assert by_id(lf)["REQ-1"].text == "Item SHOULD.\nmore"
    assert refs(lf) == [("id", "REQ-1", 7, 6), ("anchor", "#top", 7, 20)]


def test_columns_are_code_points_on_lines_with_emoji() -> None:
    """IDX-2: columns count code points, so an emoji before an id is one column."""
    result = parse("# Spec\n\nThe 😀 REQ-5 and 👍🏽 [x](#spec).\n")
    assert refs(result) == [("id", "REQ-5", 2, 6), ("anchor", "#spec", 2, 23)]


# Id tokens


def test_id_tokens_need_word_boundaries() -> None:
    """CL-3: an id token stands alone; letters, digits, dots or hyphens glued to it spoil it."""
    ids = IdMatcher()
    found = {s: [m.group(0) for m in ids.tokens(s)] for s in _TOKEN_CASES}
    assert found == {
        "REQ-1xy": [],
        "xREQ-1": [],
        "a.REQ-1": [],
        "REQ-1-2": [],
        "REQ-1_2": [],
        "XREQ-1": ["XREQ-1"],
        "(REQ-1)": ["REQ-1"],
        "see REQ-1.": ["REQ-1"],
        "REQ-1/REQ-2": ["REQ-1", "REQ-2"],
        "DUR-1.2": ["DUR-1.2"],
    }


_TOKEN_CASES = (
    "REQ-1xy",
    "xREQ-1",
    "a.REQ-1",
    "REQ-1-2",
    "REQ-1_2",
    "XREQ-1",
    "(REQ-1)",
    "see REQ-1.",
    "REQ-1/REQ-2",
    "DUR-1.2",
)


def test_custom_id_pattern_keeps_word_boundaries() -> None:
    """CFG-2: with `id_pattern` REQ-\\d+, XREQ-1 and REQ-1x hold no id; REQ-2 is one."""
    ids = IdMatcher(r"REQ-\d+")
    assert [m.group(0) for m in ids.tokens("XREQ-1 REQ-1x REQ-2")] == ["REQ-2"]
    assert ids.is_id("REQ-2") and not ids.is_id("XREQ-2")


def test_dotted_id_is_one_token_with_its_family_prefix() -> None:
    """DIAG-1: DUR-1.2 is one id whose prefix is DUR."""
    ids = IdMatcher()
    assert ids.is_id("DUR-1.2")
    assert not ids.is_id("dur-1")
    assert [(id_prefix(t), t) for t in ("DUR-1.2", "REQ-12", "A1-2")] == [
        ("DUR", "DUR-1.2"),
        ("REQ", "REQ-12"),
        ("A1", "A1-2"),
    ]


def test_an_id_inside_an_anchor_is_part_of_the_anchor() -> None:
    """CODE-5: an anchor whose slug looks like an id is one anchor reference, not also an id."""
    found = [(t.kind, t.text, t.start) for t in IdMatcher().references("see SPEC.md#REQ-1 x")]
    assert found == [("anchor", "SPEC.md#REQ-1", 4)]


def test_a_list_item_holding_only_an_id_names_it() -> None:
    """CL-13: `- ENG-LEG-01` (an "Alignment:" list) and `- **REQ-2**:` refer to their ids; an item
    with words after its id declares it."""
    result = parse(
        """\
        # Tests

        Alignment:

        - ENG-LEG-01
        - **REQ-2**:
        - REQ-3 The tool MUST log.
        """
    )
    assert set(by_id(result)) == {f"{PATH}#tests", "REQ-3"}
    assert [(kind, target) for kind, target, _, _ in refs(result)] == [
        ("id", "ENG-LEG-01"),
        ("id", "REQ-2"),
    ]


def test_ids_opening_the_lines_of_one_paragraph_declare_a_clause_each() -> None:
    """CL-29: `**FR-1.1**: …` on consecutive lines is three requirements, a wrapped line stays
    with the one above, and a paragraph that opens with words only mentions its ids."""
    result = parse(
        """\
        ### FR-1: Extraction
        **FR-1.1**: The system shall read ids
        from docstrings.
        **FR-1.2**: The system shall read several ids.
        **FR-1.3**: The system shall warn on bad ones.

        Covered by FR-1.1 and
        FR-1.2 on the next line.
        """
    )
    clauses = by_id(result)
    assert [(c.id, c.span.start_line, c.span.end_line, c.parent) for c in result.clauses] == [
        ("FR-1", 0, 7, None),
        ("FR-1.1", 1, 2, "FR-1"),
        ("FR-1.2", 3, 3, "FR-1"),
        ("FR-1.3", 4, 4, "FR-1"),
    ]
    assert clauses["FR-1.1"].text == "The system shall read ids\nfrom docstrings."
    assert [target for _, target, _, _ in refs(result)] == ["FR-1.1", "FR-1.2"]


def test_an_id_declared_by_a_heading_or_label_is_restated_below_it() -> None:
    """CL-14: a paragraph or list item opening with an id the file declared earlier in another
    form (a heading, a bold label) restates it: a reference, not a second declaration; two list
    items with one id, and a bracketed paragraph label under a heading, stay two declarations
    (a real duplicate)."""
    result = parse(
        """\
        # ENG-CORE-PURITY — Engine isolation

        ENG-CORE-PURITY defines the boundaries of the engine.

        **DPW-2 (Second-Order):** squares the naive saw.

        - DPW-2: audible aliasing above 600 Hz.
        - **AUTH-1** A session MUST expire.
        - **AUTH-1** A password MUST be long.

        ### DUR-3: Errors

        [DUR-3] Negative durations MUST be rejected.
        """
    )
    ids = [c.id for c in result.clauses]
    assert ids == ["ENG-CORE-PURITY", "DPW-2", "AUTH-1", "AUTH-1", "DUR-3", "DUR-3"]
    assert [target for _, target, _, _ in refs(result)] == ["ENG-CORE-PURITY", "DPW-2"]


def test_names_of_standards_declare_nothing() -> None:
    """CL-15: `- UTF-8 encoded JSON`, `## SHA-256 digests` and `GPT-5.1: …` name an encoding, an
    algorithm and a model: no clause is declared by them."""
    result = parse(
        """\
        # Canon

        ## SHA-256 digests

        - UTF-8 encoded JSON
        - **REQ-1** Output MUST be canonical.

        GPT-5.1: reviewed the draft.
        """
    )
    assert set(by_id(result)) == {f"{PATH}#canon", f"{PATH}#sha-256-digests", "REQ-1"}
