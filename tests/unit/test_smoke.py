"""End-to-end over the core: a spec, code and tests linked the three basic ways."""

from trine.project import CheckResult


def test_links_spec_code_and_tests(workspace) -> None:
    """IDX-1: a docstring link, a test marker and a call link make a requirement covered."""
    result: CheckResult = workspace(
        """
        //- SPEC.md
        # Parser
        - **REQ-1** The parser MUST accept empty input.
        //- pkg/parser.py
        def parse(text):
            \"\"\"Parse text (REQ-1).\"\"\"
            return []
        //- tests/test_parser.py
        from pkg.parser import parse
        def test_empty():
            assert parse("") == []
        """
    )
    graph = result.graph
    assert graph.implemented_by["REQ-1"] == ["pkg/parser.py::parse"]
    assert graph.tested_by["REQ-1"] == ["tests/test_parser.py::test_empty"]
    assert result.diagnostics == []
