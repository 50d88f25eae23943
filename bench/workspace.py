"""Generation of the deterministic benchmark workspaces.

A workspace of about N files is made of

* **real code**: the `.py` files of the standard library of the Python running the benchmark
  (`sysconfig.get_paths()["stdlib"]`), copied as bytes into `copy1/`, `copy2/`, ... . A workspace
  smaller than one whole standard library gets a seeded sample of its files; a larger one gets
  as many whole copies as fit plus a seeded sample in the last copy folder. `site-packages` and
  `__pycache__` are skipped and only `*.py` files are copied (trine reads nothing else there).
  The standard library's own tests (`test/`, `idlelib/idle_test/`, `lib2to3/tests/` ...) are
  **included** as they are, huge files and deliberately broken ones (bad syntax, bad encodings)
  too: a real repository has such files, trine must index them (and report the broken ones),
  and `**/test_*.py` makes many of them pytest test files, so call resolution is exercised.
  Every few `def`s (a fixed stride, chosen so the injected references cover the clauses) get a
  comment line `# BEN-<n>: ...` (or `BIG-<n>`) inserted directly above them (above their
  decorators), with the indentation of the `def`; the bytes of the file are otherwise untouched.
* **generated specs** in `docs/spec/`: `area-NNN.md` files with 150 clauses each, with explicit
  ids `BEN-<n>` (list items, nested items, paragraphs and headings), cross references, a code
  fence and an HTML comment; and `large.md`, one spec with 2,000 clauses `BIG-<n>` for the
  spec-edit measurement.
* **generated code** in `benpkg/`: one module per area whose functions name their clauses in
  docstrings and comments (the first UNKNOWN_AREAS of them also name an undeclared id, so that
  `unknown-reference` and its "did you mean" run, as a few typos would in a real repository;
  their number is fixed, not proportional to the size), and `benpkg/large_module.py`, exactly 5,000 lines, built
  from the largest standard-library modules (cut at top-level boundaries) with a small
  generated region in the middle where the LSP benchmark edits, hovers and completes.
* **generated tests** in `tests/area_NNN/test_*.py`: pytest functions and `Test*` classes that
  name clauses with `@pytest.mark.spec("...")`, in docstrings and in comments, and call
  functions imported from the standard-library copy.

About 90% of the clauses are implemented and about 85% are tested by name, so trine reports a
realistic number of warnings. Everything is derived from the seed: the same seed, Python and
standard library always give byte-identical workspaces.
"""

from __future__ import annotations

import os
import random
import re
import shutil
import sysconfig
from collections.abc import Callable
from dataclasses import asdict, dataclass, field
from pathlib import Path

CLAUSES_PER_AREA = 150
CLAUSES_PER_SECTION = 10
BIG_CLAUSES = 2000
BIG_SECTION = 50
LARGE_MODULE_LINES = 5000
TESTS_PER_FILE = 10
AREA_FUNCTIONS = 20
UNKNOWN_AREAS = 4
IMPLEMENTED_SHARE = 0.9
TESTED_SHARE = 0.85

_DEF = re.compile(rb"^([ \t]*)(?:async[ \t]+)?def[ \t]+[A-Za-z_]\w*[ \t]*\(")
_DECORATOR = re.compile(rb"^[ \t]*@")
_TOP_DEF = re.compile(r"^def ([A-Za-z_]\w*)\(")
_BOUNDARY = re.compile(r"^(?:def |class |async def |@)")

_NOUNS = [
    "parser",
    "index",
    "record",
    "request",
    "response",
    "buffer",
    "token",
    "cache",
    "session",
    "report",
    "clause",
    "symbol",
    "config",
    "lock",
    "queue",
    "worker",
    "client",
    "server",
    "document",
    "snapshot",
    "graph",
    "reference",
    "position",
    "range",
    "payload",
    "header",
]
_VERBS = [
    "accept",
    "reject",
    "validate",
    "normalize",
    "persist",
    "return",
    "report",
    "retry",
    "preserve",
    "encode",
    "decode",
    "sort",
    "merge",
    "resolve",
    "emit",
    "skip",
    "bound",
    "log",
]
_CONDITIONS = (
    "when the input is empty",
    "before any write",
    "after a restart",
    "on every change",
    "within one second",
    "for each file",
    "when the limit is reached",
    "if the peer is gone",
    "while indexing",
    "in the order received",
    "without blocking the caller",
    "at most once",
)
_KEYWORDS = ("MUST", "MUST", "MUST", "MUST NOT", "SHALL", "SHOULD", "SHOULD NOT", "MAY")


@dataclass(frozen=True)
class Plan:
    """How many files of each kind a workspace of `size` files gets."""

    size: int
    areas: int
    specs: int
    generated_code: int
    tests: int
    stdlib: int

    @classmethod
    def for_size(cls, size: int) -> Plan:
        """Split `size` files into specs, generated code, tests and standard-library code."""
        areas = max(2, round(size / 100))
        specs = areas + 1
        generated = areas + 1
        tests = max(4, round(size * 0.15))
        stdlib = size - specs - generated - tests
        if stdlib < 20:
            raise ValueError(f"a workspace of {size} files is too small (at least 100)")
        return cls(size, areas, specs, generated, tests, stdlib)


@dataclass
class Target:
    """A position in a workspace file (0-based line, column in code points = UTF-16 here,
    since every generated line is ASCII)."""

    path: str
    line: int
    col: int


@dataclass
class Workspace:
    """A generated workspace and the positions the LSP benchmark uses."""

    root: Path
    plan: Plan
    seed: str
    files: dict[str, int]
    clauses: int
    stdlib_source: str
    stdlib_files: int
    stdlib_copies: int
    injected_references: int
    large_module: str
    large_module_lines: int
    large_spec: str
    large_spec_clauses: int
    edit_id: str
    edit: Target
    spec_edit: Target
    function_name: Target
    clause_reference: Target
    completion_in_comment: Target
    completion_after_reference: Target
    notes: list[str] = field(default_factory=list)

    def describe(self) -> dict[str, object]:
        """A JSON-ready description (paths relative to the workspace root)."""
        data = asdict(self)
        data["root"] = str(self.root)
        return data

    def total_files(self) -> int:
        """How many files trine should index."""
        return sum(self.files.values())


# -- the standard library ----------------------------------------------------------------------


@dataclass(frozen=True)
class StdlibFile:
    """One `.py` file of the standard library: its path, size, `def` count and top-level
    functions (for generated tests to import and call)."""

    relpath: str
    size: int
    defs: int
    top_functions: tuple[str, ...]


def stdlib_root() -> Path:
    """The standard library of the running Python (the venv's base installation)."""
    return Path(sysconfig.get_paths()["stdlib"])


def scan_stdlib(root: Path | None = None) -> list[StdlibFile]:
    """Every `.py` file of the standard library, sorted by path (site-packages skipped)."""
    root = root or stdlib_root()
    found: list[StdlibFile] = []
    for directory, dirs, files in os.walk(root):
        dirs[:] = sorted(d for d in dirs if d not in ("site-packages", "__pycache__"))
        for name in sorted(files):
            if not name.endswith(".py"):
                continue
            path = Path(directory) / name
            if path.is_symlink() or not path.is_file():
                continue
            data = path.read_bytes()
            relpath = path.relative_to(root).as_posix()
            lines = data.split(b"\n")
            defs = sum(1 for line in lines if _DEF.match(line))
            tops: tuple[str, ...] = ()
            if _importable(relpath) and not _is_test_path(relpath):
                text = data.decode("utf-8", "replace")
                tops = tuple(
                    m.group(1)
                    for line in text.split("\n")
                    if (m := _TOP_DEF.match(line)) and not m.group(1).startswith("_")
                )
            found.append(StdlibFile(relpath, len(data), defs, tops))
    found.sort(key=lambda f: f.relpath)
    return found


def _importable(relpath: str) -> bool:
    parts = relpath[: -len(".py")].split("/")
    return all(p.isidentifier() for p in parts)


def _is_test_path(relpath: str) -> bool:
    parts = relpath.split("/")
    return any(p in ("test", "tests", "idle_test") for p in parts[:-1]) or parts[-1].startswith(
        "test_"
    )


def default_role(relpath: str) -> str:
    """The role trine's default layout gives a `.py` file: `tests/**`, `test/**`,
    `**/test_*.py` and `**/*_test.py` are tests, the rest is code."""
    name = relpath.rsplit("/", 1)[-1]
    if relpath.startswith(("tests/", "test/")) or name.startswith("test_"):
        return "test"
    return "test" if name.endswith("_test.py") else "code"


def _module_name(relpath: str) -> str:
    module = relpath[: -len(".py")].replace("/", ".")
    return module.removesuffix(".__init__")


# -- clause ids ------------------------------------------------------------------------------


@dataclass
class Ids:
    """The clause ids of a workspace and the (seeded, cyclic) order in which code and tests
    name them."""

    ben: list[str]
    big: list[str]
    implemented: list[str]
    tested: list[str]
    _impl_next: int = 0
    _test_next: int = 0

    def next_implemented(self) -> str:
        value = self.implemented[self._impl_next % len(self.implemented)]
        self._impl_next += 1
        return value

    def next_tested(self) -> str:
        value = self.tested[self._test_next % len(self.tested)]
        self._test_next += 1
        return value


def _ids(plan: Plan, seed: str, forced: list[str]) -> Ids:
    ben = [f"BEN-{n}" for n in range(1, plan.areas * CLAUSES_PER_AREA + 1)]
    big = [f"BIG-{n}" for n in range(1, BIG_CLAUSES + 1)]
    rng = random.Random(f"{seed}:pools")
    everything = ben + big
    implemented = [i for i in everything if i in forced or rng.random() < IMPLEMENTED_SHARE]
    tested = [i for i in everything if i in forced or rng.random() < TESTED_SHARE]
    rng.shuffle(implemented)
    rng.shuffle(tested)
    return Ids(ben, big, implemented, tested)


# -- specs -----------------------------------------------------------------------------------


def _sentence(rng: random.Random, keyword: str | None = None) -> str:
    noun, other = rng.sample(_NOUNS, 2)
    return (
        f"The {noun} {keyword or rng.choice(_KEYWORDS)} {rng.choice(_VERBS)} the {other}"
        f" {rng.choice(_CONDITIONS)}."
    )


def _area_spec(area: int, ids: list[str], rng: random.Random) -> str:
    out = [
        f"# Area {area}: the {_NOUNS[area % len(_NOUNS)]} subsystem",
        "",
        f"This generated spec states {len(ids)} clauses of area {area}. It is part of the trine",
        "benchmark workspace; the words are random, the structure is what real specs use.",
        "",
    ]
    for section in range(0, len(ids), CLAUSES_PER_SECTION):
        chunk = ids[section : section + CLAUSES_PER_SECTION]
        number = section // CLAUSES_PER_SECTION + 1
        out += [f"## Section {area}.{number}: {rng.choice(_NOUNS)} handling", ""]
        out += [
            f"Introduction to section {area}.{number}: it describes the {rng.choice(_NOUNS)}.",
            "",
        ]
        for index, clause in enumerate(chunk):
            kind = index % 10
            text = _sentence(rng)
            if kind in (0, 1, 2, 4, 5, 7, 8):
                out.append(f"- **{clause}** {text}")
                if kind == 2:
                    out.append(f"  It also relates to {rng.choice(ids)}.")
            elif kind in (3, 9):
                out.append(f"  - **{clause}** Nested: {text}")
            elif number % 2:
                out += ["", f"### {clause}: {rng.choice(_NOUNS)} rule", "", text, ""]
            else:
                out += ["", f"{clause}: {text}", ""]
        out.append("")
        if number % 5 == 0:
            out += [
                "```python",
                f"# An example; BEN-{10**7 + area} in a code fence is not a reference.",
                "value = compute()",
                "```",
                "",
                f"<!-- a comment: BEN-{10**7 + area + 1} here is ignored -->",
                "",
            ]
    return "\n".join(out) + "\n"


def _large_spec(ids: list[str], rng: random.Random, edit_id: str) -> tuple[str, Target]:
    out = [
        "# Large specification",
        "",
        f"One spec file with {len(ids)} clauses, for the spec-edit benchmark.",
        "",
    ]
    target: Target | None = None
    middle = ids[len(ids) // 2 - 1]
    for start in range(0, len(ids), BIG_SECTION):
        out += [f"## Part {start // BIG_SECTION + 1}", ""]
        for clause in ids[start : start + BIG_SECTION]:
            if clause == middle:
                line = f"- **{clause}** {_sentence(rng, 'MUST')} See {edit_id} for the edge case."
                target = Target("docs/spec/large.md", len(out), line.index(edit_id) + len(edit_id))
                out.append(line)
            else:
                out.append(f"- **{clause}** {_sentence(rng)}")
        out.append("")
    assert target is not None
    return "\n".join(out) + "\n", target


# -- generated code and tests ----------------------------------------------------------------


def _area_module(area: int, ids: Ids, rng: random.Random, unknown: str | None) -> str:
    out = [f'"""Generated code for area {area} of the trine benchmark."""', "", ""]
    for n in range(1, AREA_FUNCTIONS + 1):
        first, second = ids.next_implemented(), ids.next_implemented()
        name = f"area{area}_{rng.choice(_VERBS)}_{n}"
        if n % 4 == 0:
            out += [f"# {first}: the comment block above names the clause.", f"def {name}(value):"]
            out.append(f'    """{rng.choice(_VERBS).capitalize()} a {rng.choice(_NOUNS)}."""')
            out.append(f"    # {second}")
        else:
            out += [f"def {name}(value):", f'    """Implements {first} and {second}."""']
        if n == 7 and unknown:
            out.append(f"    # {unknown}: this id is deliberately not declared")
        out += [
            "    total = value",
            f"    for step in range({n % 5 + 2}):",
            f"        total = total * {n} + step",
            "    return total",
            "",
            "",
        ]
    out.append(f"class Area{area}Service:")
    out.append(f'    """The service of area {area} ({ids.next_implemented()})."""')
    out += ["", "    def run(self, value):", f"        # {ids.next_implemented()}"]
    out += ["        return value", ""]
    return "\n".join(out)


def _test_module(
    area: int, index: int, ids: Ids, rng: random.Random, callees: list[tuple[str, str]]
) -> str:
    module, function = callees[(area * 7919 + index) % len(callees)] if callees else ("", "")
    out = [f'"""Generated tests {index} of area {area}."""', "", "import pytest", ""]
    if module:
        out += [f"from {module} import {function}", ""]
    out.append("")
    for n in range(1, TESTS_PER_FILE + 1):
        clause = ids.next_tested()
        style = (index + n) % 5
        call = f"    result = {function}({n!r})" if module and n % 3 == 0 else "    result = 1"
        if style == 0:
            out += [
                f'@pytest.mark.spec("{clause}")',
                f"def test_{index}_{n}_marker():",
                f'    """{rng.choice(_VERBS).capitalize()} the {rng.choice(_NOUNS)}."""',
            ]
        elif style == 1:
            out += [f"def test_{index}_{n}_docstring():", f'    """{clause}: {_sentence(rng)}"""']
        elif style == 2:
            out += [f"def test_{index}_{n}_comment():", f"    # Checks {clause}."]
        elif style == 3:
            out += [
                f'@pytest.mark.spec("{clause}", "{ids.next_tested()}")',
                f"def test_{index}_{n}_two():",
            ]
        else:
            out += [
                f'@pytest.mark.spec("{clause}")',
                f"class Test{index}Group{n}:",
                "",
                "    def test_first(self):",
                f'        """The {rng.choice(_NOUNS)} case."""',
                "        assert True",
                "",
                "    def test_second(self):",
                f"        # {ids.next_tested()}",
                "        assert True",
                "",
                "",
            ]
            continue
        out += [call, "    assert result is not None", "", ""]
    return "\n".join(out).rstrip("\n") + "\n"


def _large_module(
    stdlib: Path, files: list[StdlibFile], ids: Ids, edit_id: str
) -> tuple[str, dict[str, Target]]:
    """Exactly LARGE_MODULE_LINES lines: big standard-library modules cut at top-level
    boundaries, a generated region near the middle, and generated padding at the end."""
    fn_clause, doc_clause = ids.ben[0], ids.ben[1]
    hot = [
        "# ---- trine benchmark: the region the LSP benchmark edits and queries ----",
        f"# {ids.ben[0][:4]}{10**8}: an undeclared id, so this file always has a diagnostic.",
        "",
        "",
        f"# {fn_clause}: the comment block above the function names its clause.",
        "def trine_bench_target(value, limit=10):",
        f'    """Clamp a value to the limit ({doc_clause}); hover and completion happen here."""',
        f"    # Edited by the benchmark: {edit_id}",
        "    if value > limit:",
        "        return limit",
        "    return value",
        "",
        "",
    ]
    budget = LARGE_MODULE_LINES - len(hot) - 40
    candidates = sorted(
        (f for f in files if _importable(f.relpath) and not _is_test_path(f.relpath)),
        key=lambda f: (-f.size, f.relpath),
    )
    body: list[str] = []
    for source in candidates:
        if len(body) >= budget - 50:
            break
        try:
            text = (stdlib / source.relpath).read_bytes().decode("utf-8")
        except UnicodeDecodeError:
            continue
        if "from __future__" in text or "\r" in text:
            continue
        lines = text.split("\n")
        while lines and not lines[-1].strip():
            lines.pop()
        room = budget - len(body)
        if len(lines) + 2 <= room:
            body += [*lines, "", ""]
            continue
        cuts = [i for i in range(1, room) if _boundary(lines, i)]
        if cuts and cuts[-1] > 50:
            body += [*lines[: cuts[-1]], "", ""]
    cuts = [i for i in range(1, len(body)) if _boundary(body, i)]
    middle = min(cuts, key=lambda i: abs(i - LARGE_MODULE_LINES // 2)) if cuts else len(body)
    lines = [*body[:middle], *hot, *body[middle:]]
    pad = 0
    while LARGE_MODULE_LINES - len(lines) >= 6:
        pad += 1
        lines += [f"def trine_bench_padding_{pad}(value):", "    return value + 1", "", ""]
    while len(lines) < LARGE_MODULE_LINES:
        lines.append("# padding")
    lines = lines[:LARGE_MODULE_LINES]
    comment = middle + 4
    path = "benpkg/large_module.py"
    docstring = hot[comment - middle + 2]
    targets = {
        "completion_in_comment": Target(path, comment, len(f"# {fn_clause[:4]}")),
        "function_name": Target(path, comment + 1, len("def trine_")),
        "clause_reference": Target(path, comment + 2, docstring.index(doc_clause) + 2),
        "completion_after_reference": Target(
            path, comment + 2, docstring.index(doc_clause) + len(doc_clause)
        ),
        "edit": Target(path, comment + 3, hot[comment - middle + 3].index(edit_id) + len(edit_id)),
    }
    for key, target in targets.items():
        assert lines[target.line].strip(), (key, target)
    return "\n".join(lines) + "\n", targets


def _boundary(lines: list[str], index: int) -> bool:
    """Whether a top-level definition (or its decorators) starts at this line, after a blank."""
    return (
        bool(_BOUNDARY.match(lines[index]))
        and not lines[index - 1].strip()
        and not lines[index - 1].startswith("@")
    )


# -- injection into standard-library copies --------------------------------------------------


def inject(
    data: bytes, stride: int, offset: int, next_id: Callable[[], str]
) -> tuple[bytes, int, int]:
    """Insert `# <id>: ...` above every `stride`-th `def` (counting from `offset`, across files),
    taking the ids from `next_id`.

    Returns the new bytes, the number of `def`s seen and the number of comments inserted.
    """
    newline = b"\r\n" if b"\r\n" in data else b"\n"
    lines = data.split(b"\n")
    inserts: list[tuple[int, bytes]] = []
    seen = 0
    for index, line in enumerate(lines):
        match = _DEF.match(line)
        if not match:
            continue
        seen += 1
        if (offset + seen) % stride:
            continue
        at = index
        while at > 0 and _DECORATOR.match(lines[at - 1]):
            at -= 1
        clause = next_id().encode()
        comment = match.group(1) + b"# " + clause + b": named here by the trine benchmark"
        if newline == b"\r\n":
            comment += b"\r"
        inserts.append((at, comment))
    for at, comment in reversed(inserts):
        lines.insert(at, comment)
    return b"\n".join(lines), seen, len(inserts)


# -- the whole workspace ---------------------------------------------------------------------


def _choose_stdlib(plan: Plan, files: list[StdlibFile], seed: str) -> list[tuple[int, StdlibFile]]:
    """(copy number, file) pairs: whole copies while they fit, then a seeded sample."""
    whole, rest = divmod(plan.stdlib, len(files))
    chosen = [(copy, f) for copy in range(1, whole + 1) for f in files]
    if rest:
        sample = random.Random(f"{seed}:stdlib-sample").sample(files, rest)
        chosen += [(whole + 1, f) for f in sorted(sample, key=lambda f: f.relpath)]
    return chosen


def generate(
    size: int, out: Path, seed: str = "trine-bench-1", stdlib: Path | None = None
) -> Workspace:
    """Write the workspace of about `size` files to `out` (replacing what was there)."""
    stdlib = stdlib or stdlib_root()
    plan = Plan.for_size(size)
    if out.exists():
        shutil.rmtree(out)
    out.mkdir(parents=True)
    all_files = scan_stdlib(stdlib)
    chosen = _choose_stdlib(plan, all_files, seed)
    edit_id = f"BIG-{BIG_CLAUSES - 1}"
    ids = _ids(plan, seed, forced=["BEN-1", "BEN-2", "BIG-1000", edit_id])
    counts = {"spec": 0, "code": 0, "test": 0}

    def write(relpath: str, data: str | bytes, role: str) -> None:
        path = out / relpath
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data.encode("utf-8") if isinstance(data, str) else data)
        counts[role] += 1

    # Specs.
    spec_rng = random.Random(f"{seed}:specs")
    for area in range(plan.areas):
        area_ids = ids.ben[area * CLAUSES_PER_AREA : (area + 1) * CLAUSES_PER_AREA]
        write(f"docs/spec/area-{area + 1:03d}.md", _area_spec(area + 1, area_ids, spec_rng), "spec")
    large_text, spec_edit = _large_spec(ids.big, spec_rng, edit_id)
    write("docs/spec/large.md", large_text, "spec")

    # Generated code: the large module first (it takes the first ids), then one per area.
    module_text, targets = _large_module(stdlib, all_files, ids, edit_id)
    write("benpkg/large_module.py", module_text, "code")
    code_rng = random.Random(f"{seed}:code")
    undeclared = plan.areas * CLAUSES_PER_AREA + 1_000_000
    for area in range(plan.areas):
        unknown = f"BEN-{undeclared + area}" if area < UNKNOWN_AREAS else None
        text = _area_module(area + 1, ids, code_rng, unknown)
        write(f"benpkg/area_{area + 1:03d}.py", text, "code")

    # Standard-library copies with injected references.
    # One stride for code and one for tests, so that the injected comments name every
    # implemented (tested) clause about once or twice, up to one `def` in 25.
    defs = {"code": 0, "test": 0}
    for copy, source in chosen:
        defs[default_role(f"copy{copy}/{source.relpath}")] += source.defs
    pools = {"code": len(ids.implemented), "test": len(ids.tested)}
    strides = {role: max(2, min(25, round(defs[role] / (1.2 * pools[role])))) for role in defs}
    seen = {"code": 0, "test": 0}
    injected = 0
    for copy, source in chosen:
        data = (stdlib / source.relpath).read_bytes()
        relpath = f"copy{copy}/{source.relpath}"
        role = default_role(relpath)
        chooser = ids.next_tested if role == "test" else ids.next_implemented
        data, found, added = inject(data, strides[role], seen[role], chooser)
        seen[role] += found
        injected += added
        write(relpath, data, role)

    # Tests, calling functions of the first copy.
    callees = sorted(
        {
            (f"copy{copy}.{_module_name(f.relpath)}", f.top_functions[0])
            for copy, f in chosen
            if copy == 1 and f.top_functions
        }
    )
    test_rng = random.Random(f"{seed}:tests")
    for index in range(plan.tests):
        area = index % plan.areas + 1
        text = _test_module(area, index + 1, ids, test_rng, callees)
        write(f"tests/area_{area:03d}/test_{area:03d}_{index + 1:05d}.py", text, "test")

    copies = max((c for c, _ in chosen), default=0)
    notes = [
        f"standard library: {len(all_files)} .py files from {stdlib}",
        f"stdlib files copied: {len(chosen)} in {copies} copy folder(s); a comment naming a"
        f" clause above every {strides['code']}th def in code and every {strides['test']}th def"
        f" in tests ({injected} comments)",
    ]
    return Workspace(
        root=out,
        plan=plan,
        seed=seed,
        files=counts,
        clauses=len(ids.ben) + len(ids.big),
        stdlib_source=str(stdlib),
        stdlib_files=len(all_files),
        stdlib_copies=copies,
        injected_references=injected,
        large_module="benpkg/large_module.py",
        large_module_lines=LARGE_MODULE_LINES,
        large_spec="docs/spec/large.md",
        large_spec_clauses=len(ids.big),
        edit_id=edit_id,
        edit=targets["edit"],
        spec_edit=spec_edit,
        function_name=targets["function_name"],
        clause_reference=targets["clause_reference"],
        completion_in_comment=targets["completion_in_comment"],
        completion_after_reference=targets["completion_after_reference"],
        notes=notes,
    )
