"""The plain records parsers produce: what one file declares and mentions, with ranges."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from trine.parsers.ids import ReferenceKind
from trine.parsers.text import Span

ClauseKind = Literal["heading", "item", "paragraph"]
Need = Literal["code", "test"]
Place = Literal["text", "link", "comment", "docstring", "decorator", "name"]
DefinitionKind = Literal["function", "class"]
Relation = Literal["impl", "verify", "depends", "related"]
TaskKind = Literal["task", "field", "record"]


@dataclass(frozen=True, slots=True)
class Problem:
    """Something in a file that could not be read as intended; the rest of the file still counts.

    `rule` is the diagnostic that reports it: `file-problem`, or a rule of a format's own
    markers (a spec-kit `[NEEDS CLARIFICATION: …]` is `needs-clarification`).
    """

    message: str
    span: Span
    rule: str = "file-problem"


@dataclass(frozen=True, slots=True)
class Reference:
    """A mention of a clause: an id token (`REQ-12`) or an anchor (`spec.md#slug`, `#slug`).

    `owner` is the index of the definition the mention belongs to in a code file, None elsewhere.
    `relation` is what a marker says of the clause (tracey's `r[verify x]`), None for a bare id.
    `covers` are the members a comment in a class body speaks for instead of its owner (CODE-12).
    `data` marks an id the owner's own code also holds as a string (`"REQ002"`, CODE-17).
    """

    kind: ReferenceKind
    target: str
    span: Span
    place: Place
    owner: int | None = None
    relation: Relation | None = None
    covers: tuple[int, ...] = ()
    data: bool = False


@dataclass(frozen=True, slots=True)
class Clause:
    """One clause of a spec: a heading, or a list item or paragraph that starts with an id.

    `parent` is the id of the enclosing clause; `text` is the clause's own content up to its
    first child clause; `symbol_hint` is a function its heading names. `scope` names the part of
    the workspace whose ids it shares (a spec-kit feature folder, a Kiro spec); ids that restart
    in every scope are declared as `<scope>/<id>`, and None means one workspace-wide scope.
    `needs` says what the clause needs when its format decides it (code, a test, both, or
    nothing: then it is not a requirement; an OpenSpec requirement needs code, a scenario a
    test); None leaves it to the generic rule (CL-6: an id or a keyword needs both).
    `version` is the version a format numbers its clauses with (tracey's `r[id+2]`), if any.
    """

    id: str
    path: str
    explicit: bool
    kind: ClauseKind
    title: str
    text: str
    slug: str | None
    level: int
    span: Span
    name_span: Span
    parent: str | None
    keywords: tuple[str, ...]
    symbol_hint: str | None
    id_span: Span | None = None
    scope: str | None = None
    needs: frozenset[Need] | None = None
    version: int | None = None


@dataclass(frozen=True, slots=True)
class Definition:
    """A function or class in code, with its qualified name and ranges.

    `span` starts at the first decorator; `parent` is the index of the enclosing definition.
    A function also has its parameters' names, its decorators and its return annotation as
    written (`pytest.fixture(scope="module")`), and what its `return` or `yield` statements
    call (`Client` for `return Client(url)`).
    """

    name: str
    qualname: str
    kind: DefinitionKind
    is_async: bool
    is_method: bool
    span: Span
    name_span: Span
    parent: int | None
    parameters: tuple[str, ...] = ()
    decorators: tuple[str, ...] = ()
    returns: str | None = None
    makes: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class Fixture:
    """A value a test runner hands the tests that name it as a parameter (a pytest fixture),
    with the type it has as the file spells it (`Client`, `app.Client`)."""

    name: str
    type: str


@dataclass(frozen=True, slots=True)
class Call:
    """A call site: the called name, the receiver's dotted text if any, and the enclosing
    definition; `label` is its first argument when that is a string literal, as written with its
    quotes (`test("parses a date", ...)` names a test), and `label_span` where."""

    name: str
    receiver: str | None
    span: Span
    owner: int | None
    argument: str | None = None
    """The first argument's source text (a subtest's name: `t.Run("empty input", ...)`)."""
    label: str | None = None
    label_span: Span | None = None


@dataclass(frozen=True, slots=True)
class KeyedString:
    """A string literal bound to a key in a composite literal (`{name: "empty input"}` in a
    Go test table), `value` unquoted, `span` the entry the key belongs to through the end of
    its last line."""

    key: str
    value: str
    span: Span
    owner: int | None


@dataclass(frozen=True, slots=True)
class Import:
    """One imported name: `local` is bound to `module` (and `name` inside it, for `from` imports)."""

    local: str
    module: str
    name: str | None


@dataclass(frozen=True, slots=True)
class Property:
    """A correctness property of a Kiro design (`### Property 17: Title`): its id
    `<spec>/Property 17`, its line, and the clauses its `Validates:` lines cite."""

    id: str
    span: Span
    validates: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class TaskFile:
    """A file a task names, as written from the workspace root (`src/models/x.py`), where the
    path stands, the function it names in it (`path:func()`, `path::test_x`), and what the task
    says of it (`impl`, `verify`; None: the file's role decides)."""

    path: str
    span: Span
    function: str | None = None
    relation: Relation | None = None


@dataclass(frozen=True, slots=True)
class Task:
    """One task of a task list (spec-kit's or Kiro's `tasks.md`) that names files: its label
    (`T012`, `2.1`), whether it is checked, the clauses it is for (ids as written, resolved like
    any reference of its file), the files it names, and the task's line. A requirement's own
    field naming its code or tests (`implementation: src/x.py`) is one too, of kind `field`,
    labelled with the field's name, always done; so is an entry of a tool's record of what is
    implemented (plumb's coverage map), of kind `record`. `text` is what a task list's task
    says, the paths it names left out (a record's evidence)."""

    label: str
    done: bool
    targets: tuple[str, ...]
    files: tuple[TaskFile, ...]
    span: Span
    kind: TaskKind = "task"
    text: str = ""


@dataclass(frozen=True)
class SpecParse:
    """What one spec file declares and mentions, whatever its format; `properties` are a Kiro
    design's correctness properties, `tasks` the task lines that link clauses to files (link
    evidence, not references)."""

    clauses: tuple[Clause, ...]
    references: tuple[Reference, ...]
    problems: tuple[Problem, ...]
    properties: tuple[Property, ...] = ()
    tasks: tuple[Task, ...] = ()
