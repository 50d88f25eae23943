"""Structured requirement files: YAML, JSON and TOML lists of requirements, Doorstop items and
plumb's `.plumb/requirements.json`, read as clauses positioned at their lines.

A mapping with an id field whose value is an id and a text field is a requirement, nested as in
the file; a mapping with an id and a title but no text, or whose children are requirements, is a
section. The fields that say how strong a requirement is and how it is verified are kept as
clause keywords (`MUST`, `verification:inspection`, `untestable`) for what it needs; the
fields that name its code and tests (`implementation: src/x.py`, `verification:
tests/test_x.py::test_y`, Doorstop's `references`) are tasks: link evidence, as a task list's.
"""

from __future__ import annotations

import json
import posixpath
import re
from dataclasses import dataclass, replace

from trine.parsers.facts import Clause, Problem, Reference, Relation, SpecParse, Task, TaskFile
from trine.parsers.ids import PLUMB_ID, IdMatcher
from trine.parsers.tasks import field_files
from trine.parsers.text import LineIndex, Span, normalize_newlines
from trine.parsers.tree import Node, Tree, read_tree

# FMT-80: the field names, in one table each, first found wins.
ID_FIELDS = ("id", "uid", "key", "req_id", "requirement_id", "ref_id")
TEXT_FIELDS = ("statement", "text", "requirement", "shall", "description", "body")
TITLE_FIELDS = ("title", "name", "header", "heading", "summary")
STRENGTH_FIELDS = ("priority", "strength", "obligation", "level")
VERIFICATION_FIELDS = ("verification", "verification_method", "verify")
VERIFICATION_METHODS = frozenset(
    {"test", "inspection", "analysis", "demonstration", "review", "simulation"}
)
KIND_FIELDS = ("kind", "type")
# FMT-91: fields that name a requirement's code and its tests, each kept as a task of its own.
LINK_FIELDS: tuple[tuple[str, Relation], ...] = (
    ("implementation", "impl"),
    ("implemented_by", "impl"),
    ("implemented_in", "impl"),
    ("code", "impl"),
    ("source", "impl"),
    ("verification", "verify"),
    ("verified_by", "verify"),
    ("tested_by", "verify"),
    ("tests", "verify"),
    ("test", "verify"),
)
# FMT-90: a category's numbered requirements (`GEN.DESIGN: {requirements: {1: text}}`).
CATEGORY_FIELDS = ("requirements", "categories")
PLUMB_MAP = ".plumb/code_coverage_map.json"
# FMT-81: kinds of entry that inform rather than oblige: sections, not requirements.
INFORMATIVE_KINDS = frozenset(
    {"heading", "section", "group", "chapter", "info", "informative", "note", "rationale"}
)
# A strength field's words, each before the shorter words it starts with.
STRENGTHS = (
    "MUST NOT",
    "MUST",
    "SHALL NOT",
    "SHALL",
    "REQUIRED",
    "SHOULD NOT",
    "SHOULD",
    "RECOMMENDED",
    "MAY",
    "OPTIONAL",
)
# Doorstop's item keys (besides `text`): a YAML file with two of them is an item.
DOORSTOP_KEYS = frozenset({"active", "derived", "normative", "level", "links", "reviewed"})
# Top-level keys of structured files that are something else: never reported as unreadable.
OTHER_FILES = frozenset(
    {"openapi", "swagger", "asyncapi", "$schema", "apiVersion", "channels", "dependencies"}
)
_PLUMB_TEST = re.compile(r"test_(req_[0-9a-f]{8})(?:_|$)")
_KEYWORDS = re.compile(
    r"\b(MUST NOT|MUST|SHALL NOT|SHALL|REQUIRED|SHOULD NOT|SHOULD|RECOMMENDED)\b", re.IGNORECASE
)
_REQUIREMENTS_WORD = re.compile(r"(?:^|[^a-z])req(?:uirement)?s?(?:[^a-z]|$)")
_KINDS = {".yml": "yaml", ".yaml": "yaml", ".json": "json", ".toml": "toml"}
_SURROGATE = re.compile(r"[\ud800-\udfff]")


def _field(node: Node, names: tuple[str, ...]) -> tuple[Node, Node] | None:
    """The first pair of a mapping whose key is one of the names (in the names' order)."""
    keyed = {k.value.lower(): (k, v) for k, v in node.pairs if k.kind == "scalar"}
    for name in names:
        if name in keyed:
            return keyed[name]
    return None


def _text(node: Node, names: tuple[str, ...]) -> str:
    """A field's text, when it is a non-empty scalar."""
    found = _field(node, names)
    if found is None or found[1].kind != "scalar":
        return ""
    return found[1].value.strip()


def _title(text: str, limit: int = 72) -> str:
    """A requirement's title when it has none: its first line's first sentence."""
    line = text.strip().split("\n", 1)[0].replace("**", "").replace("__", "").strip()
    sentence = line.split(". ", 1)[0]
    return sentence if len(sentence) <= limit else sentence[: limit - 1].rstrip() + "…"


# FMT-82: strength, verification and testability, kept as keywords.
def _keywords(node: Node | None, text: str) -> tuple[str, ...]:
    """RFC 2119 words of the text and the strength field, then what decides its evidence."""
    found = [m.group(1).upper() for m in _KEYWORDS.finditer(text)]
    if node is None:
        return tuple(dict.fromkeys(found))
    strength = _text(node, STRENGTH_FIELDS).upper().replace("_", " ")
    for word in STRENGTHS:
        if strength == word or strength.startswith(word + " "):
            found.insert(0, word)
            break
    # A verification field may name a test (`tests/test_x.py::test_y`) rather than a method.
    method = _text(node, VERIFICATION_FIELDS).lower().split(maxsplit=1)[:1]
    if method and method[0].rstrip(",;") in VERIFICATION_METHODS:
        found.append(f"verification:{method[0].rstrip(',;')}")
    if _text(node, ("testable",)).lower() in ("false", "no"):
        found.append("untestable")
    if _text(node, ("ambiguous",)).lower() == "true":
        found.append("ambiguous")
    return tuple(dict.fromkeys(found))


# FMT-91: a field naming code or tests is a done task of its requirement, labelled by the field.
def _field_tasks(node: Node, clause_id: str, lines: list[str]) -> list[Task]:
    """The tasks an entry's own fields make: one for each field of `LINK_FIELDS` whose value
    (a path, a list of them, or paths separated by `;` or `,`) names files."""
    relations = dict(LINK_FIELDS)
    tasks = []
    for key, value in node.pairs:
        relation = relations.get(key.value.lower()) if key.kind == "scalar" else None
        files = _listed(value, relation, lines) if relation else ()
        if files:
            tasks.append(Task(key.value, True, (clause_id,), files, key.span, "field"))
    return tasks


def _listed(node: Node, relation: Relation | None, lines: list[str]) -> tuple[TaskFile, ...]:
    """The files a field's value names: a string, or each string of a list."""
    named: dict[tuple[str, str | None], TaskFile] = {}
    for scalar in [node] if node.kind == "scalar" else node.items:
        if scalar.kind != "scalar" or not scalar.string:
            continue
        span = scalar.span
        for number in range(span.start_line, span.end_line + 1):
            start = span.start_col if number == span.start_line else 0
            end = span.end_col if number == span.end_line else len(lines[number])
            for file in field_files(lines[number], number, start, end, relation):
                named.setdefault((file.path, file.function), file)
    return tuple(named.values())


def _block(span: Span, lines: list[str]) -> Span:
    """A node's span without the blank lines and indentation a YAML block ends on."""
    end_line, end_col = span.end_line, span.end_col
    while end_line > span.start_line and not lines[end_line][:end_col].strip():
        end_line -= 1
        end_col = len(lines[end_line])
    return Span(span.start_line, span.start_col, end_line, end_col)


def _id_span(node: Node, lines: list[str]) -> Span | None:
    """Where an id's own characters stand (inside quotes, if any)."""
    value = node.value
    line = lines[node.span.start_line]
    col = line.find(value, node.span.start_col)
    if col < 0:
        return None
    return Span(node.span.start_line, col, node.span.start_line, col + len(value))


def _section(clause: Clause) -> Clause:
    """A group of requirements: a heading-like clause that needs nothing itself (its id still
    resolves, bare as a requirement's does; the words of its text oblige nothing)."""
    # FMT-81: a group's id is still an id: a Doorstop link to a heading item names it.
    return replace(clause, kind="heading", keywords=(), needs=frozenset())


class _Reader:
    """Walks one file's tree, collecting clauses, problems and the ids that did not match."""

    def __init__(self, path: str, ids: IdMatcher, lines: list[str]) -> None:
        self.path = path
        self.ids = ids
        self.lines = lines
        self.clauses: list[Clause] = []
        self.problems: list[Problem] = []
        self.unmatched: list[Node] = []
        self.tasks: list[Task] = []

    def is_id(self, value: str) -> bool:
        """An id of the workspace's pattern, or one of plumb's (`req-` and 8 hex digits)."""
        return self.ids.is_id(value) or PLUMB_ID.fullmatch(value) is not None

    def walk(self, node: Node, parent: Clause | None) -> None:
        """Read the clauses of a node; `parent` is the clause around it."""
        if node.kind == "list":
            for item in node.items:
                self.walk(item, parent)
            return
        if node.kind != "mapping":
            return
        found = _field(node, ID_FIELDS)
        if found is not None and self._declares(node, found[1]):
            self.entry(node, found[1], parent)
            return
        _duplicate_keys(node, self.problems)
        self._children(node, parent, skip=())

    def _children(self, node: Node, parent: Clause | None, skip: tuple[str, ...]) -> None:
        for key, value in node.pairs:
            if key.kind == "scalar" and key.value.lower() in skip:
                continue
            if self._keyed(key, value):
                self.entry(value, key, parent)
            elif _category(key, value):
                self.category(key, value, parent)
            else:
                self.walk(value, parent)

    def _declares(self, node: Node, id_node: Node) -> bool:
        """Whether an id field makes a mapping an entry: a string that is an id. An id that is
        not a string, on a mapping with a text or title, is a problem of the file."""
        has_text = bool(_text(node, TEXT_FIELDS) or _text(node, TITLE_FIELDS))
        if id_node.kind != "scalar" or not id_node.string:
            if has_text:
                # FMT-83: an id that is not a string is one problem at its place.
                shown = id_node.value if id_node.kind == "scalar" else f"a {id_node.kind}"
                message = f"the id {shown} is not a string: quote it, as ids are text"
                self.problems.append(Problem(message, id_node.span))
            return False
        if self.is_id(id_node.value):
            # An id alone (`depends_on: [{id: REQ-2}]`) names an entry; it declares none.
            return has_text or any(
                value.kind != "scalar" and key.value.lower() not in TEXT_FIELDS
                for key, value in node.pairs
            )
        if has_text:
            self.unmatched.append(id_node)
        return False

    def _keyed(self, key: Node, value: Node) -> bool:
        """`REQ-1: text`, or `REQ-1:` over a mapping with no id field of its own."""
        if key.kind != "scalar" or not key.string or not self.is_id(key.value):
            return False
        if value.kind == "scalar":
            return value.string and bool(value.value.strip())
        return value.kind == "mapping" and _field(value, ID_FIELDS) is None

    # FMT-80, FMT-81: a requirement, or a section when its children carry the obligations.
    def entry(
        self, node: Node, id_node: Node, parent: Clause | None, clause_id: str | None = None
    ) -> None:
        """One entry with an id (`clause_id`, else its id node's text): a requirement when it
        has a text and no requirements inside, else a section; what it holds is read inside."""
        clause_id = clause_id or id_node.value
        mapping = node.kind == "mapping"
        text = _text(node, TEXT_FIELDS) if mapping else node.value.strip()
        title = _text(node, TITLE_FIELDS) if mapping else ""
        first = min(id_node.span, node.span)
        clause = Clause(
            id=clause_id,
            path=self.path,
            explicit=True,
            kind="item",
            title=title or _title(text) or clause_id,
            text=text,
            slug=None,
            level=parent.level + 1 if parent else 1,
            span=_block(
                Span(first.start_line, 0, node.span.end_line, node.span.end_col), self.lines
            ),
            name_span=id_node.span,
            parent=parent.id if parent else None,
            keywords=_keywords(node if mapping else None, text),
            symbol_hint=None,
            id_span=_id_span(id_node, self.lines) if clause_id == id_node.value else None,
        )
        index = len(self.clauses)
        self.clauses.append(clause)
        if mapping:
            _duplicate_keys(node, self.problems)
            self.tasks += _field_tasks(node, clause_id, self.lines)
            self._children(node, clause, skip=ID_FIELDS + TEXT_FIELDS + TITLE_FIELDS)
        informative = mapping and _text(node, KIND_FIELDS).lower() in INFORMATIVE_KINDS
        if informative or not text or len(self.clauses) > index + 1:
            self.clauses[index] = _section(clause)

    # FMT-90: ids made of the category's key and each requirement's number.
    def category(self, key: Node, node: Node, parent: Clause | None) -> None:
        """A category: a section named by its key, holding `<key>.<n>` for each numbered
        requirement and the categories inside it."""
        index = len(self.clauses)
        self.entry(node, key, parent)
        section = self.clauses[index] = _section(self.clauses[index])
        numbered = _field(node, ("requirements",))
        for number, text in numbered[1].pairs if numbered else []:
            if number.kind == "scalar" and number.value.isdigit() and text.kind == "scalar":
                self.entry(text, number, section, f"{key.value}.{number.value}")


def _category(key: Node, value: Node) -> bool:
    """A key naming a category: over a mapping with a title and numbered requirements or
    categories, and no id field of its own."""
    if key.kind != "scalar" or not key.string:
        return False
    if value.kind != "mapping" or _field(value, ID_FIELDS) is not None:
        return False
    return bool(_text(value, TITLE_FIELDS)) and _field(value, CATEGORY_FIELDS) is not None


# FMT-83: a duplicate key is one problem at the later key; the later value is read.
def _duplicate_keys(node: Node, problems: list[Problem]) -> None:
    first: dict[str, Node] = {}
    for key, _ in node.pairs:
        if key.kind != "scalar":
            continue
        if key.value in first:
            line = first[key.value].span.start_line + 1
            message = f"duplicate key {key.value!r} (first on line {line}): the later value is read"
            problems.append(Problem(message, key.span))
        else:
            first[key.value] = key


# FMT-85: a Doorstop item is a YAML file with `text` and Doorstop's keys; its uid is its name.
def _doorstop_item(root: Node) -> bool:
    keys = {k.value for k, _ in root.pairs if k.kind == "scalar"}
    return "text" in keys and len(keys & DOORSTOP_KEYS) >= 2


def _doorstop(
    path: str, root: Node, lines: list[str]
) -> tuple[list[Clause], list[Reference], list[Task]]:
    """The clause of one Doorstop item, its links to parent items, and the files its
    `references` name. An inactive item is no clause; a non-normative one (a heading, an
    informative note) is a section."""
    if _text(root, ("active",)).lower() == "false":
        return [], [], []
    uid = posixpath.splitext(posixpath.basename(path))[0]
    text = _text(root, ("text",))
    found = _field(root, ("text",))
    name_span = found[0].span if found else Span(0, 0, 0, 0)
    level = _text(root, ("level",))
    clause = Clause(
        id=uid,
        path=path,
        explicit=True,
        kind="item",
        title=_text(root, ("header",)) or _title(text) or uid,
        text=text,
        slug=None,
        level=level.count(".") + 1 if level else 1,
        span=_block(Span(0, 0, root.span.end_line, root.span.end_col), lines),
        name_span=name_span,
        parent=None,
        keywords=_keywords(root, text),
        symbol_hint=None,
    )
    if _text(root, ("normative",)).lower() == "false" or not text:
        clause = _section(clause)
    links = _field(root, ("links",))
    references = []
    for item in links[1].items if links else []:
        for key in [item] if item.kind == "scalar" else [k for k, _ in item.pairs]:
            if key.kind == "scalar" and key.value:
                references.append(
                    Reference("id", key.value, _id_span(key, lines) or key.span, "link")
                )
    return [clause], references, _doorstop_references(root, uid, lines)


# FMT-93: Doorstop's `references: [{path: …, type: file}]`; the file's role says what it does.
def _doorstop_references(root: Node, uid: str, lines: list[str]) -> list[Task]:
    """The task an item's external references make: the files of its `type: file` entries."""
    found = _field(root, ("references",))
    files: list[TaskFile] = []
    for item in found[1].items if found else []:
        where = _field(item, ("path",)) if item.kind == "mapping" else None
        if where is not None and _text(item, ("type",)) in ("file", ""):
            files += _listed(where[1], None, lines)
    if found is None or not files:
        return []
    return [Task(found[0].value, True, (uid,), tuple(dict.fromkeys(files)), found[0].span, "field")]


# FMT-96: a Doorstop document's settings give the shape of its items' uids.
DOORSTOP_SETTINGS = ".doorstop.yml"
_PREFIX = re.compile(r"[A-Za-z][A-Za-z0-9]{0,31}")
_SEPARATORS = ("", "-", "_", ".")


def doorstop_uid_pattern(text: str) -> str | None:
    """The id pattern of a Doorstop document's uids (`TUI_\\d{3,}` for prefix `TUI`, sep `_`
    and 3 digits) from its `.doorstop.yml`; None when its settings do not say one."""
    for root in read_tree(text, "yaml").documents:
        found = _field(root, ("settings",)) if root.kind == "mapping" else None
        if found is None or found[1].kind != "mapping":
            continue
        settings = found[1]
        prefix, sep = _text(settings, ("prefix",)), _text(settings, ("sep",))
        digits = _text(settings, ("digits",)) or "3"
        if _PREFIX.fullmatch(prefix) and sep in _SEPARATORS and digits in tuple("123456789"):
            return f"{prefix}{re.escape(sep)}\\d{{{digits},}}"
    return None


def _other_file(root: Node) -> bool:
    """A structured file that is something else: an API description, a schema, a conda
    environment, a Kubernetes manifest, a Doorstop document's settings."""
    keys = {k.value for k, _ in root.pairs if k.kind == "scalar"}
    return bool(keys & OTHER_FILES) or keys == {"settings"} or keys >= {"settings", "attributes"}


# FMT-86: a file meant to hold requirements that yields none says why; other data is quiet.
def _nothing_found(path: str, reader: _Reader, roots: list[Node]) -> Problem | None:
    """Why a requirements file gave no clause: ids that do not match, or no known shape."""
    if not _meant_as_requirements(path, roots):
        return None
    if reader.unmatched:
        node = reader.unmatched[0]
        shown = ", ".join(sorted({n.value for n in reader.unmatched})[:3])
        return Problem(
            f"{len(reader.unmatched)} entries have ids that do not match id_pattern"
            f" {reader.ids.pattern!r} ({shown}): set id_pattern to read them",
            node.span,
        )
    return Problem(
        "no requirements found: expected mappings with an id field"
        f" ({', '.join(ID_FIELDS)}) and a text field ({', '.join(TEXT_FIELDS)}),"
        " or a Doorstop item",
        Span(0, 0, 0, 0),
    )


def _meant_as_requirements(path: str, roots: list[Node]) -> bool:
    """Whether a file says it holds requirements: by its name or folder (`requirements/`,
    `reqs.json`) or a top-level key (`requirements:`), and is not plainly something else.
    Data kept beside a spec (API contracts, symbol maps, findings) is not reported."""
    if not roots or any(r.kind == "mapping" and _other_file(r) for r in roots):
        return False
    words = [path.lower()]
    words += [k.value.lower() for r in roots if r.kind == "mapping" for k, _ in r.pairs]
    return any(_REQUIREMENTS_WORD.search(word) for word in words)


def _references(text: str, clauses: list[Clause], ids: IdMatcher) -> list[Reference]:
    """Ids named anywhere in the file but where a clause declares one."""
    index = LineIndex(text)
    declared = {c.id_span for c in clauses if c.id_span is not None}
    found = []
    for match in ids.tokens(text):
        span = index.span(match.start(), match.end())
        if span not in declared:
            found.append(Reference("id", match.group(0), span, "text"))
    return found


# FMT-80: YAML, JSON and TOML, read by content wherever the spec paths put them.
def parse_structured(text: str, path: str, ids: IdMatcher) -> SpecParse:
    """The clauses, references and problems of one structured requirement file."""
    # Lone surrogates (an editor can send them) become U+FFFD: same columns, encodable.
    text = _SURROGATE.sub("\ufffd", normalize_newlines(text))
    lines = text.split("\n")
    kind = _KINDS.get(posixpath.splitext(path)[1].lower(), "yaml")
    tree = read_tree(text, kind)
    if path == PLUMB_MAP or path.endswith("/" + PLUMB_MAP):
        return SpecParse((), (), tuple(tree.problems), tasks=_plumb_records(tree, lines))
    reader = _Reader(path, ids, lines)
    problems = list(tree.problems)
    references: list[Reference] = []
    doorstop = False
    for root in tree.documents:
        if kind == "yaml" and root.kind == "mapping" and _doorstop_item(root):
            doorstop = True
            _duplicate_keys(root, reader.problems)
            clauses, links, tasks = _doorstop(path, root, lines)
            reader.clauses += clauses
            reader.tasks += tasks
            references += links
        else:
            reader.walk(root, None)
    problems += reader.problems
    if not reader.clauses and not problems and not doorstop:
        problem = _nothing_found(path, reader, tree.documents)
        problems += [problem] if problem else []
    # A Doorstop link that matches `id_pattern` is found again in the text: once is enough.
    linked = {(r.target, r.span) for r in references}
    references += [
        r for r in _references(text, reader.clauses, ids) if (r.target, r.span) not in linked
    ]
    return SpecParse(
        tuple(reader.clauses),
        tuple(sorted(references, key=lambda r: r.span)),
        tuple(problems),
        tasks=tuple(reader.tasks),
    )


class Structured:
    """Requirement files in YAML, JSON or TOML, Doorstop items and plumb's requirements."""

    name: str = "structured"
    extensions: tuple[str, ...] = tuple(_KINDS)
    spec_globs: tuple[str, ...] = (
        "requirements/**/*.yml",
        "requirements/**/*.yaml",
        "requirements/**/*.json",
        "requirements/**/*.toml",
        "**/reqs/**/*.yml",
        ".plumb/requirements.json",
        PLUMB_MAP,
    )

    def detect(self, path: str, text: str) -> bool:
        """Every file of its extensions: no other format reads them."""
        return True

    def parse(self, path: str, text: str, ids: IdMatcher) -> SpecParse:
        """Clauses and references of a structured file (see `parse_structured`)."""
        return parse_structured(text, path, ids)


# FMT-131: plumb's coverage map records, per requirement, whether it is implemented and where.
def _plumb_records(tree: Tree, lines: list[str]) -> tuple[Task, ...]:
    """A done task of kind `record` for each requirement the map says is implemented, naming
    its `source_files` and carrying its `evidence`."""
    tasks = []
    for root in tree.documents:
        results = _value(root, "results")
        for key, entry in results.pairs if results is not None else ():
            implemented = _value(entry, "implemented")
            if implemented is None or implemented.value != "true" or implemented.string:
                continue
            files = _value(entry, "source_files")
            named = _listed(files, "impl", lines) if files is not None else ()
            evidence = _value(entry, "evidence")
            text = evidence.value if evidence is not None and evidence.string else ""
            tasks.append(
                Task("code_coverage_map", True, (key.value,), named, key.span, "record", text)
            )
    return tuple(tasks)


def _value(node: Node, name: str) -> Node | None:
    """The value of a mapping's key, None when the node is no mapping or lacks it."""
    if node.kind != "mapping":
        return None
    return next((v for k, v in node.pairs if k.kind == "scalar" and k.value == name), None)


# FMT-87: where plumb's own configuration puts specs and tests.
@dataclass(frozen=True)
class PlumbLayout:
    """The spec and test globs `.plumb/config.json` names (they win over trine's defaults for
    a plumb project), with plumb's requirements file among the specs."""

    spec: tuple[str, ...]
    tests: tuple[str, ...]


# FMT-87
def plumb_layout(config_text: str) -> PlumbLayout | None:
    """What `.plumb/config.json` says (`spec_paths`, `test_paths`), None when it is unreadable."""
    try:
        data = json.loads(config_text)
    except (json.JSONDecodeError, RecursionError):
        return None
    if not isinstance(data, dict):
        return None
    spec = _globs(data.get("spec_paths"))
    specs = (*spec, ".plumb/requirements.json", PLUMB_MAP)
    return PlumbLayout(specs, _globs(data.get("test_paths")))


def _globs(paths: object) -> tuple[str, ...]:
    """Paths as globs: a folder (`tests/`, or a name with no extension) stands for all it holds."""
    if not isinstance(paths, list):
        return ()
    found = []
    for path in paths:
        if not isinstance(path, str) or not path.strip("./"):
            continue
        clean = path.strip().removeprefix("./")
        folder = clean.endswith("/") or "." not in posixpath.basename(clean)
        found.append(clean.rstrip("/") + "/**" if folder else clean)
    return tuple(found)


# FMT-88: plumb's generated tests are named after their requirement.
def plumb_test_reference(name: str) -> tuple[str, int, int] | None:
    """The plumb requirement a test's name carries (`test_req_1a2b3c4d_…` names
    `req-1a2b3c4d`), with where it stands in the name."""
    match = _PLUMB_TEST.match(name)
    if match is None:
        return None
    return match.group(1).replace("_", "-"), match.start(1), match.end(1)
