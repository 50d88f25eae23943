"""The code parser: definitions, the prose attached to them, calls, imports and syntax errors."""

from __future__ import annotations

import textwrap

from trine.parsers.code import CodeParse, parse_code
from trine.parsers.ids import IdMatcher
from trine.parsers.python import PYTHON
from trine.parsers.text import Span


def parse(source: str) -> CodeParse:
    """Parse dedented Python source with the default id pattern."""
    return parse_code(textwrap.dedent(source), PYTHON.grammar(), IdMatcher())


def refs(result: CodeParse) -> list[tuple[str, str, str | None, int, int]]:
    """References as (target, place, owner's qualname, line, column)."""
    names = [d.qualname for d in result.definitions]
    return [
        (
            r.target,
            r.place,
            names[r.owner] if r.owner is not None else None,
            r.span.start_line,
            r.span.start_col,
        )
        for r in result.references
    ]


def calls(result: CodeParse) -> list[tuple[str, str | None, str | None]]:
    """Calls as (name, receiver, owner's qualname)."""
    names = [d.qualname for d in result.definitions]
    return [
        (c.name, c.receiver, names[c.owner] if c.owner is not None else None) for c in result.calls
    ]


# Definitions (CODE-1)


def test_functions_classes_and_methods_get_qualified_names() -> None:
    """CODE-1: functions, async functions, classes, methods and nested classes get qualnames."""
    result = parse(
        """\
        def f():
            pass

        async def af():
            pass

        class C:
            def m(self):
                def inner():
                    pass

            class D:
                def g(self):
                    pass

                async def ag(self):
                    pass
        """
    )
    assert [(d.qualname, d.name, d.kind, d.is_async, d.is_method) for d in result.definitions] == [
        ("f", "f", "function", False, False),
        ("af", "af", "function", True, False),
        ("C", "C", "class", False, False),
        ("C.m", "m", "function", False, True),
        ("C.m.inner", "inner", "function", False, False),
        ("C.D", "D", "class", False, False),
        ("C.D.g", "g", "function", False, True),
        ("C.D.ag", "ag", "function", True, True),
    ]
    parents = [
        result.definitions[d.parent].qualname if d.parent is not None else None
        for d in result.definitions
    ]
    assert parents == [None, None, None, "C", "C.m", "C", "C.D", "C.D"]


def test_definition_lines_start_at_the_first_decorator() -> None:
    """CODE-1: a symbol's line is its first decorator's, its end line the last line of its body."""
    result = parse(
        """\
        import functools


        @functools.cache
        @other
        async def load(path):
            return path


        class K:
            @property
            def size(self):
                return 1
        """
    )
    load, k, size = result.definitions
    assert (load.qualname, load.is_async, load.span, load.name_span) == (
        "load",
        True,
        Span(3, 0, 6, 15),
        Span(5, 10, 5, 14),
    )
    assert (k.span.start_line, k.span.end_line) == (9, 12)
    assert (size.qualname, size.span, size.name_span) == (
        "K.size",
        Span(10, 4, 12, 16),
        Span(11, 8, 11, 12),
    )


# Prose inside symbols (CODE-2)


def test_docstrings_link_their_symbol() -> None:
    """CODE-2: ids in module, class and function docstrings belong to that scope."""
    result = parse(
        '''\
        """Module doc about REQ-1."""


        class C:
            """Class doc about REQ-2."""

            def m(self):
                """First line.

                Then REQ-3 on a later line.
                """
        '''
    )
    assert refs(result) == [
        ("REQ-1", "docstring", None, 0, 20),
        ("REQ-2", "docstring", "C", 4, 23),
        ("REQ-3", "docstring", "C.m", 9, 13),
    ]


def test_docstring_after_a_comment_still_counts() -> None:
    """CODE-2: a docstring preceded by a comment line is still the symbol's docstring."""
    result = parse('def f():\n    # note\n    """Doc REQ-1."""\n')
    assert refs(result) == [("REQ-1", "docstring", "f", 2, 11)]


def test_comments_inside_a_body_link_the_innermost_symbol() -> None:
    """CODE-2: comments on their own line or trailing code link the innermost enclosing symbol."""
    result = parse(
        """\
        x = 1  # REQ-1 at module level


        def outer():
            # REQ-2 in outer
            y = 2  # REQ-3 trailing

            def inner():
                return y  # REQ-4 in inner

            return inner
        """
    )
    assert refs(result) == [
        ("REQ-1", "comment", None, 0, 9),
        ("REQ-2", "comment", "outer", 4, 6),
        ("REQ-3", "comment", "outer", 5, 13),
        ("REQ-4", "comment", "outer.inner", 8, 20),
    ]


def test_spec_anchors_in_docstrings_and_comments() -> None:
    """CODE-2, CODE-5: `<spec-path>#<slug>` anchors in docstrings and comments are references."""
    result = parse(
        '''\
        def f():
            """Implements docs/spec/a.md#slug and SPEC.md#parse."""
            # see ./spec/b.md#other-part.
        '''
    )
    assert [(r.kind, r.target, r.place, r.span) for r in result.references] == [
        ("anchor", "docs/spec/a.md#slug", "docstring", Span(1, 18, 1, 37)),
        ("anchor", "SPEC.md#parse", "docstring", Span(1, 42, 1, 55)),
        ("anchor", "./spec/b.md#other-part", "comment", Span(2, 10, 2, 32)),
    ]
    assert {r.owner for r in result.references} == {0}


# Comments above symbols (CODE-3)


def test_comment_block_directly_above_links_the_symbol() -> None:
    """CODE-3: the comment block directly above a symbol or its decorators links that symbol."""
    result = parse(
        """\
        # REQ-1 is separated by a blank line

        # REQ-2 starts the block
        # and REQ-3 continues it
        @decorator
        # REQ-4 between decorators
        @other
        def f():
            pass
        x = 1  # REQ-5 trails code, not a block above
        def g():
            pass
        """
    )
    assert refs(result) == [
        ("REQ-1", "comment", None, 0, 2),
        ("REQ-2", "comment", "f", 2, 2),
        ("REQ-3", "comment", "f", 3, 6),
        ("REQ-4", "comment", "f", 5, 2),
        ("REQ-5", "comment", None, 9, 9),
    ]


def test_comment_above_a_method_links_the_method() -> None:
    """CODE-3: a comment above a decorated method links the method, not its class."""
    result = parse(
        """\
        class A:
            x = 1
            # REQ-1 above the method
            @property
            def m(self):
                return 1
        """
    )
    assert refs(result) == [("REQ-1", "comment", "A.m", 2, 6)]


# Decorator arguments (CODE-4, TEST-2)


def test_decorator_string_arguments_link_the_symbol() -> None:
    """CODE-4, TEST-2: ids in a decorator's string arguments, nested ones too, link the symbol."""
    result = parse(
        """\
        import pytest


        @pytest.mark.spec("REQ-3")
        @wrap(helper("REQ-4"), reason="covers REQ-5")
        def test_it():
            pass
        """
    )
    assert refs(result) == [
        ("REQ-3", "decorator", "test_it", 3, 19),
        ("REQ-4", "decorator", "test_it", 4, 14),
        ("REQ-5", "decorator", "test_it", 4, 38),
    ]


def test_plain_strings_in_a_body_are_not_references() -> None:
    """CODE-2: ids in ordinary string literals and call arguments are not references."""
    result = parse('def f():\n    s = "REQ-1 here"\n    g("REQ-2")\n')
    assert result.references == ()


# Calls and imports (TEST-4)


def test_calls_with_receivers_and_owners() -> None:
    """TEST-4: calls record the called name, the dotted receiver and the enclosing symbol."""
    result = parse(
        """\
        setup()


        class K:
            def m(self):
                self.run()
                mod.sub.fn(x)
                make().build()


        async def af():
            await client.fetch()
        """
    )
    assert calls(result) == [
        ("setup", None, None),
        ("run", "self", "K.m"),
        ("fn", "mod.sub", "K.m"),
        ("make", None, "K.m"),
        ("build", "?", "K.m"),
        ("fetch", "client", "af"),
    ]


def test_calls_inside_decorators_are_not_calls() -> None:
    """TEST-4: `@pytest.mark.spec(...)` and other decorator calls are not calls under test."""
    result = parse(
        """\
        @pytest.mark.spec("REQ-1")
        @fixture(scope=compute())
        def test_x():
            parse("")
        """
    )
    assert calls(result) == [("parse", None, "test_x")]


def test_imports_bind_local_names() -> None:
    """TEST-4: imports record the local name, the module and the imported name."""
    result = parse(
        """\
        import os
        import a.b as m
        from x.y import z as w, v
        from .pkg import (thing as t)
        from star import *
        """
    )
    assert [(i.local, i.module, i.name) for i in result.imports] == [
        ("os", "os", None),
        ("m", "a.b", None),
        ("w", "x.y", "z"),
        ("v", "x.y", "v"),
        ("t", ".pkg", "thing"),
    ]


# Syntax errors (CODE-7)


def test_syntax_error_is_reported_and_the_rest_is_indexed() -> None:
    """CODE-7: a syntax error gives a problem with its line; symbols elsewhere are still found."""
    result = parse(
        """\
        def ok():
            pass


        def broken(:
            pass


        def later():
            # REQ-1 after the error
            pass
        """
    )
    assert [d.qualname for d in result.definitions] == ["ok", "broken", "later"]
    [problem] = result.problems
    assert problem.span.start_line == 4
    assert "line 5" in problem.message
    assert refs(result) == [("REQ-1", "comment", "later", 9, 6)]


def test_clean_file_has_no_problems() -> None:
    """CODE-7: a file that parses reports no problem."""
    assert parse("def f():\n    return 1\n").problems == ()


# Positions (IDX-2, WS-4)


def test_columns_are_code_points_on_lines_with_emoji() -> None:
    """IDX-2: columns count code points, so `# 😀 REQ-5` has REQ-5 at column 4."""
    result = parse(
        '''\
        # 😀 REQ-5
        def f():
            """é 👍🏽 REQ-6"""
            s = "😀"; g()
        '''
    )
    assert [(r.target, r.span) for r in result.references] == [
        ("REQ-5", Span(0, 4, 0, 9)),
        ("REQ-6", Span(2, 12, 2, 17)),
    ]
    assert [c.span for c in result.calls] == [Span(3, 13, 3, 16)]


def test_crlf_and_cr_give_the_same_lines_and_columns() -> None:
    """WS-4: CRLF and CR line endings give the same symbols and positions as LF."""
    source = 'def f():\n    """REQ-1"""\n    # REQ-2\n    g()\n\n\nclass K:\n    pass\n'
    lf = parse_code(source, PYTHON.grammar(), IdMatcher())
    assert parse_code(source.replace("\n", "\r\n"), PYTHON.grammar(), IdMatcher()) == lf
    assert parse_code(source.replace("\n", "\r"), PYTHON.grammar(), IdMatcher()) == lf
    assert refs(lf) == [("REQ-1", "docstring", "f", 1, 7), ("REQ-2", "comment", "f", 2, 6)]
    assert [(d.qualname, d.span.start_line) for d in lf.definitions] == [("f", 0), ("K", 6)]
