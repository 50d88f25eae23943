"""tracey specs (bearcove/tracey): Markdown whose rules are `r[rule.id]` paragraphs or blockquotes.

A rule marker `PREFIX[rule.id]` (or `PREFIX[rule.id+N]`, version N) stands alone on the first
line of a paragraph at column 0 or of a blockquote; the rule's text runs to the end of the
paragraph (or the next marker line), or is the whole blockquote. Every rule is a requirement,
whatever its wording. Headings stay clauses, as sections. See docs/formats/tracey.md.
"""

from __future__ import annotations

import re
import textwrap
from dataclasses import dataclass, replace

from markdown_it import MarkdownIt
from markdown_it.token import Token as MdToken

from trine.parsers.facts import Clause, Reference, SpecParse
from trine.parsers.ids import IdMatcher
from trine.parsers.markdown import normative_words, parse_spec
from trine.parsers.text import LineIndex, Span, normalize_newlines

_ID = r"[A-Za-z0-9_-]+(?:\.[A-Za-z0-9_-]+)*"
# A rule marker: `r[auth.login]`, `h2[stream.priority+3]`; group 1 the prefix, 2 the id, 3 N.
_RULE = re.compile(rf"([a-z][a-z0-9]*)\[({_ID})(?:\+([1-9][0-9]*))?\]")
# A marker written anywhere in prose, with an optional verb: `r[impl auth.login+2]`.
MARKER = re.compile(
    rf"(?<![\w.\[])([a-z][a-z0-9]*)\[(?:(impl|verify|depends|related) )?({_ID})"
    rf"(?:\+([1-9][0-9]*))?\]"
)
_QUOTE = re.compile(r"^ {0,3}> ?")
_FENCE = re.compile(r"^ {0,3}(```|~~~)")


@dataclass(frozen=True)
class Rule:
    """One rule marker at the start of a paragraph or blockquote: its lines and where its id is."""

    id: str
    version: int
    start: int
    end: int
    text: str
    name_span: Span
    id_span: Span


# FMT-100: tracey specs are the Markdown files that declare a rule at the start of a line.
def declares_rules(text: str) -> bool:
    """Whether a Markdown text has a line that is only a rule marker (at column 0 or quoted)
    and starts a block (the text's first line, or after a blank line or a heading), outside
    fenced code."""
    fenced = False
    previous = ""
    for line in normalize_newlines(text).split("\n"):
        if _FENCE.match(line):
            fenced = not fenced
        elif (
            not fenced
            and (not previous.strip(" >") or previous.lstrip().startswith("#"))
            and _RULE.fullmatch(_QUOTE.sub("", line, count=1).rstrip())
        ):
            return True
        previous = line
    return False


# Only the blocks are needed here (plain Markdown's parse reads the inline text).
_BLOCKS = MarkdownIt("commonmark").disable("inline")


def _marker_at(line: str) -> tuple[re.Match[str], int] | None:
    """The rule marker a source line consists of, with the column its text starts at."""
    quote = _QUOTE.match(line)
    col = quote.end() if quote else 0
    match = _RULE.fullmatch(line[col:].rstrip())
    return (match, col) if match else None


def _rule(lines: list[str], line: int, end: int, quoted: bool) -> Rule | None:
    """The rule whose marker stands on `line`, its text running to `end` (exclusive)."""
    found = _marker_at(lines[line])
    if found is None:
        return None
    match, col = found
    body = [_QUOTE.sub("", text, count=1) if quoted else text for text in lines[line + 1 : end]]
    while end > line + 1 and not lines[end - 1].strip(" >"):
        end -= 1
        body.pop()
    id_start = col + match.start(2)
    return Rule(
        id=match.group(2),
        version=int(match.group(3) or 1),
        start=line,
        end=end,
        text=textwrap.dedent("\n".join(body)).strip(),
        name_span=Span(line, col, line, col + match.end()),
        id_span=Span(line, id_start, line, id_start + len(match.group(2))),
    )


# FMT-101: a rule is a paragraph at column 0 or a blockquote whose first line is its marker.
def _rules(lines: list[str], tokens: list[MdToken]) -> list[Rule]:
    found: list[Rule] = []
    for index, token in enumerate(tokens):
        if token.type != "paragraph_open" or not token.map:
            continue
        start, end = token.map
        if token.level == 0:
            if not _RULE.fullmatch(lines[start].rstrip()):
                continue
            # A marker line inside the paragraph starts the next rule (tracey's own reading).
            heads = [n for n in range(start, end) if _RULE.fullmatch(lines[n].rstrip())]
            for at, head in enumerate(heads):
                rule = _rule(lines, head, heads[at + 1] if at + 1 < len(heads) else end, False)
                if rule is not None:
                    found.append(rule)
        elif token.level == 1 and tokens[index - 1].type == "blockquote_open":
            quote = tokens[index - 1].map or (start, end)
            rule = _rule(lines, start, quote[1], True)
            if rule is not None:
                found.append(rule)
    return found


# FMT-101: every rule is a requirement (explicit), nested in its section.
# FMT-106: the rule's version is recorded on its clause, not in its id.
def _rule_clause(rule: Rule, path: str, headings: list[Clause], lines: list[str]) -> Clause:
    parent = _enclosing(headings, rule.start)
    last = max(rule.end - 1, rule.start)
    first = rule.text.split("\n", 1)[0].replace("**", "")
    title = first.split(". ", 1)[0]
    return Clause(
        id=rule.id,
        path=path,
        explicit=True,
        kind="paragraph",
        title=(title if len(title) <= 72 else title[:71].rstrip() + "…") or rule.id,
        text=rule.text,
        slug=None,
        level=(parent.level + 1) if parent else 1,
        span=Span(rule.start, 0, last, len(lines[last])),
        name_span=rule.name_span,
        parent=parent.id if parent else None,
        keywords=normative_words(rule.text),
        symbol_hint=None,
        id_span=rule.id_span,
        version=rule.version,
    )


def _enclosing(headings: list[Clause], line: int) -> Clause | None:
    """The innermost heading whose section holds a line."""
    holding = [h for h in headings if h.span.start_line < line <= h.span.end_line]
    return max(holding, key=lambda h: h.span.start_line) if holding else None


# FMT-101: headings are sections, never requirements: in a tracey spec only rules are.
def _section(
    heading: Clause, rules: list[Rule], lines: list[str], anchors: dict[str, str]
) -> Clause:
    """A heading as a section, named by its anchor (an id it starts with is tracey's prose),
    its own text up to its first rule."""
    first = next((r.start for r in rules if heading.span.start_line < r.start), None)
    text = heading.text
    if first is not None and first <= heading.span.end_line:
        body = lines[heading.span.start_line + 1 : first]
        text = textwrap.dedent("\n".join(body)).strip()
    return replace(
        heading,
        id=anchors[heading.id],
        explicit=False,
        id_span=None,
        parent=anchors.get(heading.parent or ""),
        keywords=(),
        symbol_hint=None,
        text=text,
    )


# FMT-102: markers in prose name rules; in fenced code they are examples.
def _references(masked: str, rules: list[Rule]) -> list[Reference]:
    index = LineIndex(masked)
    declared = {(r.id_span.start_line, r.id_span.start_col) for r in rules}
    found = []
    for match in MARKER.finditer(masked):
        span = index.span(match.start(3), match.end(3))
        if (span.start_line, span.start_col) not in declared:
            found.append(Reference("id", match.group(3), span, "text"))
    return found


def _fenced_out(lines: list[str], tokens: list[MdToken]) -> str:
    """The text with fenced and indented code blanked out, positions kept."""
    masked = list(lines)
    for token in tokens:
        if token.type in ("fence", "code_block", "html_block") and token.map:
            for line in range(*token.map):
                if line < len(masked):
                    masked[line] = " " * len(masked[line])
    return "\n".join(masked)


class Tracey:
    """tracey specs: Markdown with `r[rule.id]` rule markers (see the module docstring)."""

    name: str = "tracey"
    extensions: tuple[str, ...] = (".md", ".markdown")
    spec_globs: tuple[str, ...] = ()

    def detect(self, path: str, text: str) -> bool:
        """A Markdown file that declares at least one rule."""
        return declares_rules(text)

    def parse(self, path: str, text: str, ids: IdMatcher) -> SpecParse:
        """Rules as explicit clauses under the file's headings, and the rules prose names."""
        text = normalize_newlines(text).replace("\0", "\ufffd")
        lines = text.split("\n")
        tokens = _BLOCKS.parse(text)
        rules = _rules(lines, tokens)
        plain = parse_spec(text, path, ids)
        headings = [c for c in plain.clauses if c.kind == "heading"]
        anchors = {h.id: f"{path}#{h.slug}" for h in headings}
        sections = [_section(h, rules, lines, anchors) for h in headings]
        clauses = sections + [_rule_clause(r, path, sections, lines) for r in rules]
        references = list(plain.references) + _references(_fenced_out(lines, tokens), rules)
        return SpecParse(
            tuple(sorted(clauses, key=lambda c: c.span)),
            tuple(sorted(references, key=lambda r: r.span)),
            plain.problems,
        )
