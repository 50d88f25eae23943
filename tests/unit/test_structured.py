"""Structured requirement files: YAML, JSON and TOML lists, Doorstop items, plumb's requirements."""

from __future__ import annotations

import textwrap
from pathlib import Path

from trine.ide.hover import hover
from trine.ide.lens import code_lenses
from trine.ide.navigation import definition
from trine.ide.snapshot import Location, Snapshot
from trine.ide.symbols import document_symbols
from trine.index.build import build_record
from trine.index.graph import TraceGraph
from trine.parsers.facts import Clause, SpecParse
from trine.parsers.ids import IdMatcher
from trine.parsers.specs import spec_format_for
from trine.parsers.structured import doorstop_uid_pattern, parse_structured, plumb_layout
from trine.parsers.text import Span
from workspaces import check_workspace, write_workspace


def parse(text: str, path: str = "requirements/reqs.yaml") -> SpecParse:
    """Parse a dedented structured file with the default id pattern."""
    return parse_structured(textwrap.dedent(text), path, IdMatcher())


def by_id(result: SpecParse) -> dict[str, Clause]:
    return {c.id: c for c in result.clauses}


def problems(result: SpecParse) -> list[tuple[str, int, int]]:
    """Problems as (message, line, column)."""
    return [(p.message, p.span.start_line, p.span.start_col) for p in result.problems]


# Entries (FMT-80)

LIST_YAML = """\
    # Each requirement has an id and a statement.
    requirements:
      - id: REQ-1
        text: The pump MUST stop when the coolant is too hot.
      - id: "REQ-2"
        statement: The tool SHOULD log every stop.
        links: [REQ-1]
    """


def test_yaml_list_entries_are_clauses_at_their_ids() -> None:
    """FMT-80: each mapping with an id and a text in a YAML list is a clause, positioned at its
    id, its title the text's first sentence, and ids named in other fields are references."""
    result = parse(LIST_YAML)
    clauses = by_id(result)
    assert list(clauses) == ["REQ-1", "REQ-2"]
    one, two = clauses["REQ-1"], clauses["REQ-2"]
    assert one.explicit and one.kind == "item"
    assert one.text == "The pump MUST stop when the coolant is too hot."
    assert one.title == "The pump MUST stop when the coolant is too hot."
    assert one.id_span == Span(2, 8, 2, 13)
    assert (one.span.start_line, one.span.end_line) == (2, 3)
    assert two.id_span == Span(4, 9, 4, 14)
    assert [(r.target, r.span.start_line) for r in result.references] == [("REQ-1", 6)]
    assert result.problems == ()


def test_json_and_toml_entries_are_clauses() -> None:
    """FMT-80: the same entries in JSON and TOML are clauses at the lines of their ids."""
    json_text = '{"requirements": [\n\t{"id": "REQ-1", "text": "It MUST work."},\n'
    json_text += '\t{"id": "REQ-2", "description": "It SHOULD be fast."}\n]}\n'
    toml_text = '[[requirement]]\nid = "REQ-1"\ntext = "It MUST work."\n\n'
    toml_text += '[[requirement]]\nid = "REQ-2"\nshall = "be fast"\n'
    for text, path, lines in (
        (json_text, "requirements/r.json", [1, 2]),
        (toml_text, "requirements/r.toml", [1, 5]),
    ):
        result = parse_structured(text, path, IdMatcher())
        assert [(c.id, c.name_span.start_line) for c in result.clauses] == [
            ("REQ-1", lines[0]),
            ("REQ-2", lines[1]),
        ], path
        assert result.problems == ()


def test_keyed_entries_and_other_id_fields() -> None:
    """FMT-80: a key that is an id over a text is a clause, and `uid`, `req_id` count as ids."""
    result = parse(
        """\
        REQ-1: The tool MUST start.
        others:
          - uid: REQ-2
            requirement: The tool MUST stop.
          - req_id: REQ-3
            shall: restart
        """
    )
    assert [(c.id, c.text, c.name_span.start_line) for c in result.clauses] == [
        ("REQ-1", "The tool MUST start.", 0),
        ("REQ-2", "The tool MUST stop.", 2),
        ("REQ-3", "restart", 4),
    ]


def test_spec_paths_choose_the_structured_format() -> None:
    """FMT-80: `.yml`, `.yaml`, `.json` and `.toml` spec files are read as structured files."""
    for path in ("a.yml", "b.yaml", "c.json", "d.toml"):
        found = spec_format_for(path)
        assert found is not None and found.name == "structured"


# Sections (FMT-81)


def test_groups_are_sections_and_hold_their_requirements() -> None:
    """FMT-81: an entry with an id and a title but no text, or whose children are clauses, or
    whose type informs, is a section (it needs nothing, so no coverage, and its id resolves);
    children nest inside it."""
    result = parse(
        """\
        - id: AUTH-1
          title: Authentication
          description: What signing in does.
          requirements:
            - id: AUTH-2
              text: A password MUST be hashed.
        - id: NOTE-1
          type: note
          text: Passwords are never logged.
        - id: GRP-1
          title: Empty group
        """
    )
    clauses = by_id(result)
    assert [(c.id, c.kind, c.needs, c.parent, c.level) for c in result.clauses] == [
        ("AUTH-1", "heading", frozenset(), None, 1),
        ("AUTH-2", "item", None, "AUTH-1", 2),
        ("NOTE-1", "heading", frozenset(), None, 1),
        ("GRP-1", "heading", frozenset(), None, 1),
    ]
    assert clauses["AUTH-1"].title == "Authentication"
    assert clauses["AUTH-1"].text == "What signing in does."


# What a requirement needs (FMT-82)


def test_strength_verification_and_testability_are_keywords() -> None:
    """FMT-82: the strength field, RFC 2119 words, verification and testability are keywords;
    a priority that is no strength and a verification that names a test are not."""
    result = parse(
        """\
        - id: REQ-1
          text: The case shall be blue.
          priority: should
          verification: Inspection
          testable: false
        - id: REQ-2
          text: It works.
          level: MAY
        - id: REQ-4
          text: It works.
          strength: must not
        - id: REQ-3
          text: It works.
          priority: high
          verification: tests/test_x.py::test_works
        """
    )
    clauses = by_id(result)
    assert clauses["REQ-1"].keywords == ("SHOULD", "SHALL", "verification:inspection", "untestable")
    assert clauses["REQ-2"].keywords == ("MAY",)
    assert clauses["REQ-4"].keywords == ("MUST NOT",)
    assert clauses["REQ-3"].keywords == ()


# Bad input (FMT-83)


def test_broken_yaml_json_and_toml_are_one_problem_at_the_place() -> None:
    """FMT-83: a syntax error is one problem at its line and column."""
    cases = (
        ("r.yaml", "- id: REQ-1\n  text: [unclosed\n", "not valid YAML", 2),
        ("r.json", '[{"id": "REQ-1",\n  "text": }]', "not valid JSON", 1),
        ("r.toml", 'id = "REQ-1"\ntext = \n', "not valid TOML", 1),
    )
    for path, text, words, line in cases:
        result = parse_structured(text, path, IdMatcher())
        assert result.clauses == ()
        [(message, at, _)] = problems(result)
        assert words in message and at == line, (path, message, at)


def test_duplicate_key_and_id_that_is_not_a_string() -> None:
    """FMT-83: a duplicate key and an id that is not a string are one problem each, at their
    place, and the other entries are read."""
    result = parse(
        """\
        - id: REQ-1
          text: First.
          text: Second.
        - id: 12
          text: A number is no id.
        - id: REQ-3
          text: Still read.
        """
    )
    assert [(c.id, c.text) for c in result.clauses] == [
        ("REQ-1", "Second."),
        ("REQ-3", "Still read."),
    ]
    assert problems(result) == [
        ("duplicate key 'text' (first on line 2): the later value is read", 2, 2),
        ("the id 12 is not a string: quote it, as ids are text", 3, 6),
    ]


def test_json_duplicate_key_is_reported() -> None:
    """FMT-83: JSON's duplicate keys are found too (JSON itself keeps the last silently)."""
    result = parse_structured(
        '[{"id": "REQ-1", "id": "REQ-2", "text": "x"}]', "r.json", IdMatcher()
    )
    assert [c.id for c in result.clauses] == ["REQ-2"]
    assert [p.message for p in result.problems] == [
        "duplicate key 'id' (first on line 1): the later value is read"
    ]


# Hostile input (FMT-84)


def test_aliases_are_not_expanded() -> None:
    """FMT-84: a billion-laughs file is read in time linear in its text: aliases are read once."""
    lines = ['a0: &a0 ["lol", "lol"]']
    lines += [f"a{i}: &a{i} [" + ", ".join([f"*a{i - 1}"] * 9) + "]" for i in range(1, 30)]
    lines += ["- id: REQ-1"]
    result = parse("\n".join(lines[:-1]) + "\nreqs:\n  - id: REQ-1\n    text: x\n")
    assert [c.id for c in result.clauses] == ["REQ-1"]


def test_deep_nesting_is_refused_with_one_problem() -> None:
    """FMT-84: nesting deeper than 100 levels is one problem, never a recursion error."""
    for path, text in (
        ("r.yaml", "[" * 100_000),
        ("r.yaml", "a:\n" + "".join(" " * i + "b:\n" for i in range(1, 300))),
        ("r.json", "[" * 100_000 + "]" * 100_000),
        ("r.toml", "x = " + "[" * 5000 + "]" * 5000),
    ):
        result = parse_structured(text, path, IdMatcher())
        assert result.clauses == ()
        assert len(result.problems) == 1, (path, result.problems)


def test_tags_construct_nothing(tmp_path: Path) -> None:
    """FMT-84, FMT-80: a YAML tag naming a Python object constructs nothing (a tagged scalar is
    read as text), and an id with no text or title names an entry without declaring one."""
    marker = tmp_path / "constructed"
    result = parse(
        f"""\
        - id: REQ-1
          text: !!python/object/apply:os.system ['touch {marker}']
        - id: REQ-2
          text: !!python/name:os.system read as text
        - depends_on: [{{id: REQ-1}}]
        """
    )
    assert not marker.exists()
    assert [(c.id, c.text) for c in result.clauses] == [("REQ-2", "read as text")]
    assert [(r.target, r.span.start_line) for r in result.references] == [
        ("REQ-1", 0),
        ("REQ-1", 4),
    ]


# Doorstop (FMT-85)

DOORSTOP_ITEM = """\
    active: true
    derived: false
    header: ''
    level: 1.1
    links:
    - TUI_001: abc
    normative: true
    ref: ''
    text: |
      The server TUI **Shall** run any of the pyserv daemons.
    """


def test_doorstop_item_is_a_clause_named_by_its_file() -> None:
    """FMT-85: a Doorstop item's uid is its file name, its text its own, links its parents."""
    result = parse(DOORSTOP_ITEM, "reqs/TUI_002.yml")
    [clause] = result.clauses
    assert (clause.id, clause.explicit, clause.kind) == ("TUI_002", True, "item")
    assert clause.title == "The server TUI Shall run any of the pyserv daemons."
    assert clause.keywords == ("SHALL",)
    assert clause.name_span.start_line == 8
    assert [(r.target, r.place, r.span) for r in result.references] == [
        ("TUI_001", "link", Span(5, 2, 5, 9))
    ]


def test_doorstop_settings_give_the_shape_of_uids() -> None:
    """FMT-96: `prefix`, `sep` and `digits` of a `.doorstop.yml` make a uid pattern; settings
    that say none (no prefix, a prefix that is not a word, broken YAML) make nothing."""
    settings = "settings:\n  digits: {digits}\n  prefix: {prefix}\n  sep: '{sep}'\n"
    assert doorstop_uid_pattern(settings.format(digits=3, prefix="TUI", sep="_")) == r"TUI_\d{3,}"
    assert doorstop_uid_pattern(settings.format(digits=4, prefix="REQ", sep="")) == r"REQ\d{4,}"
    assert doorstop_uid_pattern(settings.format(digits=3, prefix="A|B", sep="")) is None
    assert doorstop_uid_pattern(settings.format(digits=12, prefix="REQ", sep="")) is None
    assert doorstop_uid_pattern("settings: [1, 2]\n") is None
    assert doorstop_uid_pattern("settings: {prefix: [\n") is None


def test_code_names_doorstop_items_by_their_uid(tmp_path: Path) -> None:
    """FMT-96: with the `.doorstop.yml` of the items' folder, a test docstring naming `TUI_002`
    verifies it with no configuration; FMT-81: a link to a non-normative item resolves."""
    write_workspace(
        tmp_path,
        "//- reqs/.doorstop.yml\nsettings:\n  digits: 3\n  prefix: TUI\n  sep: _\n"
        "//- reqs/TUI_001.yml\nactive: true\nlevel: 1.0\nnormative: false\ntext: TUI\n"
        f"//- reqs/TUI_002.yml\n{textwrap.dedent(DOORSTOP_ITEM)}"
        '//- tests/test_tui.py\ndef test_env():\n    """Check env data; verifies TUI_002."""\n'
        "//- src/tui.py\ndef run():\n    pass\n",
    )
    result = check_workspace(tmp_path)
    assert result.graph.tested_by["TUI_002"] == ["tests/test_tui.py::test_env"]
    assert [d.code for d in result.diagnostics] == ["unimplemented-clause"]
    (tmp_path / "reqs" / ".doorstop.yml").unlink()
    assert "TUI_002" not in check_workspace(tmp_path).graph.tested_by


def test_doorstop_link_matching_the_id_pattern_is_one_reference() -> None:
    """FMT-85: a parent link whose uid matches `id_pattern` is one reference, not two."""
    result = parse(DOORSTOP_ITEM.replace("TUI_001", "REQ-1"), "reqs/REQ-2.yml")
    assert [(r.target, r.place) for r in result.references] == [("REQ-1", "link")]


def test_doorstop_inactive_and_non_normative_items() -> None:
    """FMT-85: an inactive item is no clause; a non-normative one is a section."""
    inactive = parse(DOORSTOP_ITEM.replace("active: true", "active: false"), "reqs/A001.yml")
    assert inactive.clauses == () and inactive.problems == ()
    heading = parse(
        DOORSTOP_ITEM.replace("normative: true", "normative: false").replace(
            "header: ''", "header: Daemons"
        ),
        "reqs/A002.yml",
    )
    [clause] = heading.clauses
    assert (clause.id, clause.kind, clause.needs, clause.title) == (
        "A002",
        "heading",
        frozenset(),
        "Daemons",
    )


# Files with no clause (FMT-86)


def test_unknown_shape_is_one_problem_naming_the_fields() -> None:
    """FMT-86: a structured spec with no entry says which fields were expected."""
    [problem] = parse("- name: pump\n  flow: 3\n").problems
    assert "expected mappings with an id field (id, uid" in problem.message
    assert "a text field (statement, text" in problem.message


def test_ids_that_do_not_match_are_named() -> None:
    """FMT-86: entries whose ids do not match id_pattern are named in one problem."""
    result = parse("- id: ops-req-1\n  text: x\n- id: ops-req-2\n  text: y\n")
    [problem] = result.problems
    assert "2 entries have ids that do not match id_pattern" in problem.message
    assert "ops-req-1, ops-req-2" in problem.message


def test_other_structured_files_are_not_reported() -> None:
    """FMT-86: API descriptions, schemas, conda environments, Doorstop settings, and data kept
    beside a spec that does not say it holds requirements, are quiet."""
    for path, text in (
        ("requirements/api.yaml", "openapi: 3.0.0\ninfo: {title: x}\n"),
        ("requirements/s.json", '{"$schema": "http://json-schema.org/draft-07/schema#"}'),
        ("requirements/env.yaml", "name: env\nchannels: [conda-forge]\ndependencies: [python]\n"),
        ("reqs/.doorstop.yml", "settings:\n  digits: 3\n  prefix: TUI\n"),
        ("requirements/empty.yaml", ""),
        ("specs/_architecture_/symbols.json", '{"symbols": [{"name": "f", "file": "a.cpp"}]}'),
        ("specs/audit/findings.json", '[{"id": "F001", "description": "A leak."}]'),
    ):
        result = parse_structured(text, path, IdMatcher())
        assert result.problems == (), path


def test_a_file_that_says_it_holds_requirements_is_reported() -> None:
    """FMT-86: a file named or keyed as requirements, outside `requirements/`, is reported."""
    for path, text in (
        ("specs/001/reqs.json", '[{"name": "x"}]'),
        ("specs/001/data.yaml", "requirements:\n  - name: x\n"),
    ):
        [problem] = parse_structured(text, path, IdMatcher()).problems
        assert "no requirements found" in problem.message, path


# plumb (FMT-80, FMT-87)


def test_plumb_requirements_are_clauses() -> None:
    """FMT-80, FMT-82: plumb's `req-` ids are read with no configuration; `ambiguous` is kept."""
    text = (
        '[\n  {"id": "req-7b8e6597", "source_file": "spec.md", "text": "The CLI must'
        ' exit 2 on usage errors.", "ambiguous": true}\n]\n'
    )
    [clause] = parse_structured(text, ".plumb/requirements.json", IdMatcher()).clauses
    assert (clause.id, clause.name_span.start_line) == ("req-7b8e6597", 1)
    assert clause.keywords == ("MUST", "ambiguous")


def test_plumb_config_names_the_spec_and_test_paths() -> None:
    """FMT-87, FMT-131: `.plumb/config.json` gives spec and test globs, plumb's requirements
    and coverage map included."""
    layout = plumb_layout(
        '{"spec_paths": ["plumb_spec.md", "docs/design"], "test_paths": ["tests/"]}'
    )
    assert layout is not None
    assert layout.spec == (
        "plumb_spec.md",
        "docs/design/**",
        ".plumb/requirements.json",
        ".plumb/code_coverage_map.json",
    )
    assert layout.tests == ("tests/**",)
    assert plumb_layout("{broken") is None


# A workspace (FMT-80, FMT-81, FMT-85)

WORKSPACE = Path(__file__).resolve().parents[1] / "fixtures" / "structured"


def test_structured_workspace_is_read_with_no_configuration() -> None:
    """FMT-80, FMT-81, FMT-85: YAML, JSON and TOML lists under `requirements/` and Doorstop items
    under `reqs/` are found with no configuration; sections and inactive items need nothing, and
    code and tests link to the requirements by their ids."""
    result = check_workspace(WORKSPACE)
    graph = result.graph
    assert sorted(graph.clauses) == [
        "CONF-1", "CONF-2", "LOG-1", "LOG-2", "PUMP-1", "PUMP-2", "PUMP-3", "SAFE-1",
        "UI_001", "UI_002",
    ]  # fmt: skip
    assert sorted(graph.requirements) == [
        "CONF-1", "CONF-2", "LOG-1", "LOG-2", "PUMP-1", "PUMP-2", "PUMP-3", "UI_002",
    ]  # fmt: skip
    assert graph.clauses["PUMP-1"].parent == "SAFE-1"
    assert graph.implemented_by["PUMP-2"] == ["pump/control.py::stop_on_command"]
    assert graph.tested_by["LOG-1"] == ["tests/test_control.py::test_command_stops"]
    assert [d.code for d in result.diagnostics if d.severity == "error"] == []
    assert not [d for d in result.diagnostics if d.code == "file-problem"]


PLUMB = """
//- requirements/plumb.json
[
  {"id": "req-7b8e6597", "source_file": "spec.md", "text": "Usage errors MUST exit 2."},
  {"id": "req-0123abcd", "source_file": "spec.md", "text": "Help MUST list commands."}
]
//- tests/test_generated.py
def test_req_7b8e6597_usage_errors_exit_2():
    assert True


def test_req_deadbeef_names_no_requirement():
    assert True
"""


def test_plumb_tests_named_after_requirements_verify_them(tmp_path: Path) -> None:
    """FMT-88: `test_req_7b8e6597_…` verifies `req-7b8e6597`, its hover range on the id part of
    the name; a name carrying no declared requirement is no error."""
    write_workspace(tmp_path, PLUMB)
    result = check_workspace(tmp_path)
    test_id = "tests/test_generated.py::test_req_7b8e6597_usage_errors_exit_2"
    assert result.graph.tested_by["req-7b8e6597"] == [test_id]
    assert "req-0123abcd" not in result.graph.tested_by
    mentions = result.graph.records["tests/test_generated.py"].mentions
    assert [(m.target, m.span) for m in mentions] == [
        ("req-7b8e6597", Span(0, 9, 0, 21)),
        ("req-deadbeef", Span(4, 9, 4, 21)),
    ]
    assert [d.code for d in result.diagnostics if d.severity == "error"] == []


def test_undeclared_plumb_ids_are_no_typos(tmp_path: Path) -> None:
    """FMT-89: a test named after a plumb id that is no longer declared is not an
    unknown-reference (nor a typo of `req-7b8e6597`, which ends in other digits)."""
    write_workspace(tmp_path, PLUMB.replace("test_req_deadbeef", "test_req_7b8e0000"))
    result = check_workspace(tmp_path)
    assert [d for d in result.diagnostics if d.code == "unknown-reference"] == []


def test_plumb_coverage_map_records_what_is_implemented(tmp_path: Path) -> None:
    """FMT-131: plumb's coverage map links the source files it names to the requirements it
    records as implemented; one it records with no file is not reported unimplemented (its
    test is still judged, and the hover quotes the evidence); one it records as not
    implemented, or an id no longer declared, changes nothing."""
    coverage_map = """
//- .plumb/code_coverage_map.json
{"version": 2, "results": {
  "req-7b8e6597": {"implemented": true, "evidence": "main exits 2", "source_files": ["cli.py"]},
  "req-0123abcd": {"implemented": true, "evidence": "help lists commands", "source_files": []},
  "req-aaaa1111": {"implemented": false, "evidence": "", "source_files": []},
  "req-ffff0000": {"implemented": true, "evidence": "gone", "source_files": []}
}}
//- cli.py
def main():
    pass
"""
    more = ',\n  {"id": "req-aaaa1111", "source_file": "spec.md", "text": "Version MUST print."}\n]'
    write_workspace(tmp_path, PLUMB.replace("\n]\n", more + "\n", 1) + coverage_map)
    result = check_workspace(tmp_path)
    graph = result.graph
    assert graph.implemented_by["req-7b8e6597"] == ["cli.py"]
    found = {(d.code, d.data.get("clause")) for d in result.diagnostics if "clause" in d.data}
    assert found == {
        ("untested-clause", "req-0123abcd"),
        ("unimplemented-clause", "req-aaaa1111"),
        ("untested-clause", "req-aaaa1111"),
    }
    assert not [d for d in result.diagnostics if d.path == ".plumb/code_coverage_map.json"]
    snapshot = Snapshot(graph, result.store, tmp_path)
    clause = graph.clauses["req-0123abcd"]
    shown = hover(snapshot, clause.path, clause.name_span.start_line, clause.name_span.start_col)
    assert shown is not None
    assert "records it implemented: help lists commands." in shown.markdown


def test_categories_number_their_requirements() -> None:
    """FMT-90: a category key over numbered requirements is a section, and each number a
    requirement `<key>.<n>` at its line; a category of categories is a section too."""
    result = parse(
        """\
        GEN.DESIGN:
          name: |
            Design
          description: What every RG MUST look like.
          requirements:
            1: |
              The RG MUST be compact.
            2: The RG MAY be wall mounted.
        WAN:
          name: Wide Area Networking
          categories:
            - !include WAN.ATM.yaml
        """
    )
    assert [
        (c.id, c.kind, c.explicit, c.parent, c.name_span.start_line) for c in result.clauses
    ] == [
        ("GEN.DESIGN", "heading", True, None, 0),
        ("GEN.DESIGN.1", "item", True, "GEN.DESIGN", 5),
        ("GEN.DESIGN.2", "item", True, "GEN.DESIGN", 7),
        ("WAN", "heading", True, None, 8),
    ]
    clauses = by_id(result)
    assert clauses["GEN.DESIGN"].title == "Design"
    assert clauses["GEN.DESIGN"].keywords == ()
    assert clauses["GEN.DESIGN.1"].keywords == ("MUST",)
    assert clauses["GEN.DESIGN.1"].id_span is None
    assert result.problems == ()


def test_editor_features_reach_the_requirement_in_the_file() -> None:
    """FMT-80, FMT-81: hover on a YAML requirement shows its text and links, go-to-definition
    from code lands on its id in the YAML file, and the outline nests it in its section."""
    result = check_workspace(WORKSPACE)
    snapshot = Snapshot(result.graph, result.store, WORKSPACE)
    found = hover(snapshot, "requirements/pump.yaml", 5, 16)
    assert found is not None
    assert "The pump MUST stop when the coolant is too hot." in found.markdown
    assert "Tested by [`tests/test_control.py::test_hot_pump_stops`]" in found.markdown
    assert definition(snapshot, "pump/control.py", 4, 10) == [
        Location("requirements/pump.yaml", Span(5, 12, 5, 18))
    ]
    [safety, casing] = document_symbols(snapshot, "requirements/pump.yaml")
    assert (safety.name, [c.name for c in safety.children]) == ("SAFE-1", ["PUMP-1", "PUMP-2"])
    assert casing.name == "PUMP-3"


# Fields that name code and tests (FMT-91 to FMT-94)

FIELDS_YAML = """\
- id: OPS-1
  text: The system MUST refuse a release while inhibited.
  implementation: src/ops.py
  verification: tests/test_ops.py::test_inhibit
- id: RF-1
  text: Link analysis MUST compute the path loss.
  implemented_by: [src/link.py, rf.py]
  tests: "tests/test_rf.py::TestLoss::test_fspl; tests/test_rf.py::test_ber"
- id: ORB-1
  text: Orbits SHOULD be propagated with SGP4.
  verification: test
  code: see https://example.com/a/b.py and ../up.py, or e.g. the notes
"""


def test_fields_naming_code_and_tests_are_done_tasks_of_their_entry() -> None:
    """FMT-91, FMT-92: `implementation`, `verification` and the like become done tasks of kind
    `field` for their entry, one per field, each path placed where it is written; `;`- and
    `,`-separated strings and lists are read item by item, a pytest node id names its test
    (in its class too), and a method word, a URL, a path out of the workspace and prose name
    nothing."""
    result = parse(FIELDS_YAML)
    tasks = [(t.label, t.kind, t.done, t.targets, t.span.start_line) for t in result.tasks]
    assert tasks == [
        ("implementation", "field", True, ("OPS-1",), 2),
        ("verification", "field", True, ("OPS-1",), 3),
        ("implemented_by", "field", True, ("RF-1",), 6),
        ("tests", "field", True, ("RF-1",), 7),
    ]
    files = [(f.path, f.function, f.relation, f.span) for t in result.tasks for f in t.files]
    assert files == [
        ("src/ops.py", None, "impl", Span(2, 18, 2, 28)),
        ("tests/test_ops.py", "test_inhibit", "verify", Span(3, 16, 3, 33)),
        ("src/link.py", None, "impl", Span(6, 19, 6, 30)),
        ("rf.py", None, "impl", Span(6, 32, 6, 37)),
        ("tests/test_rf.py", "TestLoss.test_fspl", "verify", Span(7, 10, 7, 26)),
        ("tests/test_rf.py", "test_ber", "verify", Span(7, 49, 7, 65)),
    ]
    assert "verification:test" in by_id(result)["ORB-1"].keywords
    assert result.problems == ()


def test_fields_in_json_and_toml_are_read_too() -> None:
    """FMT-91, FMT-92: the same fields in JSON and TOML name their files where they stand."""
    json_text = '[{"id": "REQ-1", "text": "It MUST work.", "implementation": "src/a.py"}]\n'
    toml_text = '[[requirement]]\nid = "REQ-1"\ntext = "It MUST work."\ntests = ["tests/t.py"]\n'
    for text, path, span in (
        (json_text, "requirements/r.json", Span(0, 61, 0, 69)),
        (toml_text, "requirements/r.toml", Span(3, 10, 3, 20)),
    ):
        [task] = parse_structured(text, path, IdMatcher()).tasks
        [file] = task.files
        line = text.split("\n")[span.start_line]
        assert (file.path, file.span) == (line[span.start_col : span.end_col], span), path


def test_doorstop_references_name_files_for_their_role() -> None:
    """FMT-93: a Doorstop item's `references` of type file become one done task of the item,
    leaving the file's role to decide whether it implements or verifies."""
    references = "references:\n- path: pyserv/tui.py\n  type: file\n- path: x\n  type: url\n"
    item = textwrap.dedent(DOORSTOP_ITEM) + references
    [task] = parse(item, "reqs/TUI_002.yml").tasks
    assert (task.label, task.kind, task.targets) == ("references", "field", ("TUI_002",))
    assert [(f.path, f.relation) for f in task.files] == [("pyserv/tui.py", None)]


FIELDS_WORKSPACE = f"""
//- requirements/reqs.yaml
{FIELDS_YAML}
//- reqs/TUI_002.yml
{textwrap.dedent(DOORSTOP_ITEM)}references:
- path: tests/test_tui.py
  type: file
//- src/ops.py
def release():
    pass
//- src/link.py
def loss():
    pass
//- tests/test_ops.py
def test_inhibit():
    pass
//- tests/test_rf.py
class TestLoss:
    def test_fspl(self):
        pass


def test_ber():
    pass
//- tests/test_tui.py
def test_daemons():
    pass
"""


def test_fields_link_their_requirement_as_tasks_do(tmp_path: Path) -> None:
    """FMT-91, FMT-93, FMT-94: a field's files implement or verify its requirement (a whole
    file, or the test it names), a Doorstop reference to a test file verifies its item, and a
    missing file in a language trine reads is one information naming the field."""
    write_workspace(tmp_path, FIELDS_WORKSPACE)
    result = check_workspace(tmp_path)
    graph = result.graph
    assert graph.implemented_by["OPS-1"] == ["src/ops.py"]
    assert graph.tested_by["OPS-1"] == ["tests/test_ops.py::test_inhibit"]
    assert graph.implemented_by["RF-1"] == ["src/link.py"]
    assert graph.tested_by["RF-1"] == [
        "tests/test_rf.py::TestLoss::test_fspl",
        "tests/test_rf.py::test_ber",
    ]
    assert graph.tested_by["TUI_002"] == ["tests/test_tui.py"]
    assert {link.evidence for link in graph.links_of("RF-1") if link.target == "RF-1"} == {"task"}
    missing = [d for d in result.diagnostics if d.code == "missing-task-file"]
    assert [(d.path, d.span, d.severity) for d in missing] == [
        ("requirements/reqs.yaml", Span(6, 32, 6, 37), "info")
    ]
    assert missing[0].message.startswith("`implemented_by` of RF-1 names rf.py, but rf.py is not")
    uncovered = {
        (d.code, d.message.split(" ", 1)[0])
        for d in result.diagnostics
        if d.code in ("unimplemented-clause", "untested-clause")
    }
    assert uncovered == {
        ("unimplemented-clause", "ORB-1"),
        ("untested-clause", "ORB-1"),
        ("unimplemented-clause", "TUI_002"),
    }


def test_hover_and_lens_name_the_field(tmp_path: Path) -> None:
    """FMT-94: a requirement's hover names the field and its line beside the file, and its lens
    says its links come from the requirement file."""
    write_workspace(tmp_path, FIELDS_WORKSPACE)
    result = check_workspace(tmp_path)
    snapshot = Snapshot(result.graph, result.store, tmp_path)
    found = hover(snapshot, "requirements/reqs.yaml", 0, 7)
    assert found is not None
    uri = (tmp_path / "src/ops.py").as_uri()
    assert f"Implemented by [`src/ops.py`]({uri}) (`implementation` in [" in found.markdown
    lenses = {
        lens.span.start_line: lens.title for lens in code_lenses(snapshot, "requirements/reqs.yaml")
    }
    assert lenses[0] == "1 implementation · 1 test (from reqs.yaml)"


def test_field_links_follow_either_file() -> None:
    """FMT-91: a field's link appears when its file is added, and vanishes when the field is
    removed or the requirement file is deleted."""
    spec = "requirements/reqs.yaml"
    graph = TraceGraph({r.path: r for r in [build_record(spec, "spec", FIELDS_YAML, IdMatcher())]})
    assert "OPS-1" not in graph.implemented_by
    code = build_record("src/ops.py", "code", "def release():\n    pass\n", IdMatcher())
    change = graph.update([code])
    assert ("src/ops.py", "OPS-1", "implements") in change.links
    assert graph.implemented_by["OPS-1"] == ["src/ops.py"]
    edited = FIELDS_YAML.replace("  implementation: src/ops.py\n", "")
    graph.update([build_record(spec, "spec", edited, IdMatcher())])
    assert "OPS-1" not in graph.implemented_by
    graph.update([build_record(spec, "spec", FIELDS_YAML, IdMatcher())])
    assert graph.implemented_by["OPS-1"] == ["src/ops.py"]
    graph.update((), [spec])
    assert "OPS-1" not in graph.implemented_by


def test_a_field_is_for_its_own_entry_when_another_scope_shares_the_id(tmp_path: Path) -> None:
    """FMT-91: a field links its own requirement even when a spec-kit feature declares the same
    id in its scope (a bare `FR-001` written elsewhere would be ambiguous)."""
    write_workspace(
        tmp_path,
        """
        //- specs/001-x/spec.md
        # Feature Specification: X

        - **FR-001**: System MUST do x.
        //- requirements/reqs.yaml
        - id: FR-001
          text: The tool MUST do y.
          implementation: src/y.py
        //- src/y.py
        def y():
            pass
        """,
    )
    graph = check_workspace(tmp_path).graph
    assert graph.implemented_by["FR-001"] == ["src/y.py"]
    assert "001-x/FR-001" not in graph.implemented_by
