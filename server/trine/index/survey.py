"""What a workspace holds beyond what trine indexed: the spec layouts it read, and what it missed.

Every front end says the same after an index (the CLI prints it, the language server shows it
once): which spec formats were read and how many files of each; and, so that an empty result is
never silent, the globs it looked in and the Markdown files that look like specs, spec paths
holding files no format reads, code in languages trine does not read, and layouts whose marker
folder is here but whose specs are not.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

from trine.index.census import Census
from trine.index.files import read_source
from trine.index.records import FileRecord
from trine.index.workspace import Classifier, globs, walk
from trine.parsers.ids import IdMatcher
from trine.parsers.markdown import spec_signs
from trine.parsers.specs import spec_format_for, spec_formats

MARKDOWN = (".md", ".markdown")
IMAGES = frozenset({".png", ".jpg", ".jpeg", ".gif", ".svg", ".webp", ".ico"})
NOT_SPECS = re.compile(
    r"(?i)^(changelog|changes|history|news|release[-_ ]?notes|copying|code[-_]of[-_]conduct|"
    r"security|authors|contributors)\b|licen[cs]e"
)
VENDORED = frozenset({"vendor", "vendored", "_vendor", "third_party", "third-party", "external"})
# FMT-120, FMT-123: archived pages are history, not a spec left out.
NOT_SPEC_FOLDERS = frozenset(
    {"fixtures", "__fixtures__", "testdata", "test_data", "tests", "test", "archive", "archived"}
)
RFC_2119 = re.compile(r"\b(MUST|SHALL|SHOULD|REQUIRED|RECOMMENDED)\b")
_NUMBER = re.compile(r"\d+(?:\.\d+)?")
MIN_SIGNS = 3
MAX_CANDIDATES = 10
MAX_LISTED = 5
MAX_READ = 2000  # Markdown files read for candidates, shallowest first


@dataclass(frozen=True)
class HalfLayout:
    """A spec layout whose marker folder is here but none of whose spec files were read."""

    marker: str
    specs: str
    name: str


# FMT-64: spec-kit, Kiro and OpenSpec, each by its marker folder and its spec files.
HALF_LAYOUTS = (
    HalfLayout(".specify", "specs/*/spec.md", "spec-kit"),
    HalfLayout(".kiro", ".kiro/specs/*/requirements.md", "Kiro"),
    HalfLayout("openspec", "openspec/specs/**/spec.md", "OpenSpec"),
)


@dataclass(frozen=True)
class Candidate:
    """A Markdown file that looks like a spec: how many explicit ids it declares (that no spec
    read declares), how many of its sentences use an RFC 2119 keyword, and the spec format it
    would be read in."""

    path: str
    ids: int
    keywords: int
    format: str = "markdown"

    def line(self) -> str:
        """`trine:   docs/design.md: 12 ids, 3 MUST/SHALL/SHOULD`."""
        return f"trine:   {self.path}: {self.ids} ids, {self.keywords} MUST/SHALL/SHOULD"

    def signs(self) -> int:
        """How strongly it looks like a spec: its ids or its sentences, the more."""
        return max(self.ids, self.keywords)

    def named(self) -> str:
        """Its path, and its format when a dialect would read it: `specs/a/spec.md (spec-kit)`."""
        return self.path if self.format == "markdown" else f"{self.path} ({self.format})"


@dataclass(frozen=True)
class Survey:
    """What an index read and what it missed; `notes` are the lines that say what it missed."""

    spec_files: tuple[tuple[str, int], ...]
    code_files: int
    spec_globs: tuple[str, ...]
    candidates: tuple[Candidate, ...]
    notes: tuple[str, ...]

    @property
    def no_spec(self) -> bool:
        """No spec file was read."""
        return not self.spec_files

    @property
    def nothing_to_trace(self) -> bool:
        """Neither a spec nor code trine reads: a workspace trine has nothing to say about."""
        return self.no_spec and not self.code_files

    # FMT-63: one line names the layouts read and how many files of each.
    def layout_line(self) -> str:
        """`trine: specs: spec-kit 12 files, markdown 3 files`."""
        read = ", ".join(f"{name} {_files(count)}" for name, count in self.spec_files)
        return f"trine: specs: {read}"

    def lines(self) -> list[str]:
        """What to tell the user: the layout line (when a spec was read), then a line per
        thing missed."""
        return [self.layout_line(), *self.notes] if self.spec_files else list(self.notes)


def survey(
    root: Path,
    classifier: Classifier,
    spec_globs: Sequence[str],
    records: Mapping[str, FileRecord],
    ids: IdMatcher,
    max_file_size: int,
    named: Sequence[str] = (),
    census: Census | None = None,
) -> Survey:
    """Survey a workspace after its index: `records` are what was read, `spec_globs` where
    specs were looked for (and `named` the names of Markdown files read when they look like
    specs), `census` the code discovery found in languages trine does not read; the rest of
    the files are walked once, and the Markdown ones that may be specs are read to find
    candidates."""
    spec_files = _spec_files(records.values())
    code_files = sum(1 for r in records.values() if r.role != "spec")
    unread_specs: Counter[str] = Counter()
    markdown: list[str] = []
    for path in walk(root, classifier.excluded_dir):
        if path in records:
            continue
        suffix = PurePosixPath(path).suffix.lower()
        if classifier.spec_glob(path) and spec_format_for(path) is None and suffix not in IMAGES:
            unread_specs[suffix or PurePosixPath(path).name] += 1
        elif suffix in MARKDOWN and _may_be_spec(path):
            markdown.append(path)
    candidates = _candidates(root, markdown, ids, max_file_size, _declared(records))
    notes = [
        *_no_spec_notes(spec_files, [*spec_globs, *named], candidates, records, ids),
        *_candidate_notes(spec_files, candidates),
        *_unread_notes(unread_specs, Counter(dict((census or Census()).unread))),
        *_half_notes(root, records),
    ]
    return Survey(spec_files, code_files, tuple(spec_globs), candidates, tuple(notes))


def _files(count: int) -> str:
    return f"{count} file{'' if count == 1 else 's'}"


def _spec_files(records: Iterable[FileRecord]) -> tuple[tuple[str, int], ...]:
    """How many spec files each format read, in the order of the formats."""
    counts = Counter(r.spec_format for r in records if r.role == "spec" and r.spec_format)
    order = [f.name for f in spec_formats()]
    return tuple(sorted(counts.items(), key=lambda item: order.index(item[0])))


# FMT-63: candidates are outside changelogs, licences, dependencies and fixtures.
def _may_be_spec(path: str) -> bool:
    """Whether a Markdown file could hold a spec, by its path alone."""
    *folders, name = path.split("/")
    if NOT_SPECS.search(name) or (VENDORED | NOT_SPEC_FOLDERS) & set(folders):
        return False
    return not (name.lower().startswith("readme") and folders)


# FMT-122: a candidate declares a few ids no spec read declares, or has RFC 2119 sentences.
def _candidates(
    root: Path,
    paths: Sequence[str],
    ids: IdMatcher,
    max_file_size: int,
    known: frozenset[str],
) -> tuple[Candidate, ...]:
    """Markdown files with at least a few declared ids (other than `known` ones) or RFC 2119
    sentences, most first; at most `MAX_READ` files are read, the shallowest first."""
    found = []
    for path in sorted(paths, key=lambda p: (p.count("/"), p))[:MAX_READ]:
        text, _ = read_source(root, path, max_file_size)
        if text is None or _glance(text, ids) < MIN_SIGNS:
            continue
        signs = spec_signs(text, path, ids)
        if signs.looks_like_spec(known):
            reader = spec_format_for(path, text)
            name = reader.name if reader is not None else "markdown"
            found.append(Candidate(path, len(signs.declared - known), signs.sentences, name))
    found.sort(key=lambda c: (-c.signs(), c.path))
    return tuple(found[:MAX_CANDIDATES])


def _glance(text: str, ids: IdMatcher) -> int:
    """Id tokens or keywords anywhere in the text, the more: a quick look before the parse,
    never fewer than the signs of a spec (`spec_signs`)."""
    return max(sum(1 for _ in ids.tokens(text)), len(RFC_2119.findall(text)))


def _declared(records: Mapping[str, FileRecord]) -> frozenset[str]:
    """The explicit ids the specs read declare (a file citing them is not a new spec)."""
    return frozenset(
        c.id for r in records.values() if r.role == "spec" for c in r.clauses if c.explicit
    )


# FMT-63: with no spec, say where trine looked and what looked like a spec.
def _no_spec_notes(
    spec_files: tuple[tuple[str, int], ...],
    globs: Sequence[str],
    candidates: Sequence[Candidate],
    records: Mapping[str, FileRecord],
    ids: IdMatcher,
) -> list[str]:
    if spec_files:
        return []
    looked = ", ".join(g for g in globs if not g.startswith("!"))
    notes = [f"trine: no spec found; looked for {looked}"]
    if candidates:
        notes.append(
            "trine: these look like specs (add them to `spec` in [tool.trine] or trine.toml):"
        )
        notes += [candidate.line() for candidate in candidates]
    else:
        notes.append("trine: no Markdown file with a few ids or MUST/SHALL sentences either")
    notes += _named_notes(records)
    cited = _cited(records, ids)
    if cited:
        files = len({path for path, _ in cited})
        names = Counter(target for _, target in cited)
        shown = ", ".join(sorted(names, key=lambda n: (-names[n], n))[:MAX_LISTED])
        shown += ", ..." if len(names) > MAX_LISTED else ""
        notes.append(
            f"trine: code and tests name {len(names)} ids no spec declares ({shown}) in"
            f" {_files(files)}: is their spec elsewhere (another branch, a folder not looked in)?"
        )
    return notes


# FMT-123: with specs read, one line names the other Markdown files that look like specs.
def _candidate_notes(
    spec_files: tuple[tuple[str, int], ...], candidates: Sequence[Candidate]
) -> list[str]:
    if not spec_files or not candidates:
        return []
    shown = ", ".join(c.named() for c in candidates[:MAX_LISTED])
    more = len(candidates) - MAX_LISTED
    shown += f" and {more} more" if more > 0 else ""
    dialects = any(c.format != "markdown" for c in candidates)
    formats = '"markdown" or the format named' if dialects else '"markdown"'
    count = len(candidates)
    files = f"{count} other Markdown file{'s look' if count > 1 else ' looks'}"
    return [
        f"trine: {files} like a spec (a few ids or MUST/SHALL sentences): {shown}; to read"
        f' them, add a [[tool.trine.specs]] table per glob (path = "<glob>", format = {formats}),'
        " or list them in `spec` with the spec paths it already reads"
    ]


# FMT-121: a file named like a spec that was not read, with no spec read, is named.
def _named_notes(records: Mapping[str, FileRecord]) -> list[str]:
    named = sorted(
        p for p, r in records.items() if r.role == "spec" and r.digest and not r.spec_format
    )
    if not named:
        return []
    shown = ", ".join(named[:MAX_LISTED]) + (", ..." if len(named) > MAX_LISTED else "")
    return [
        f"trine: {_files(len(named))} named like a spec but with fewer than {MIN_SIGNS} ids or"
        f" MUST/SHALL sentences {'was' if len(named) == 1 else 'were'} not read ({shown}):"
        f" add {'it' if len(named) == 1 else 'them'} to `spec` to read"
        f" {'its' if len(named) == 1 else 'their'} sections"
    ]


def _cited(records: Mapping[str, FileRecord], ids: IdMatcher) -> set[tuple[str, str]]:
    """The (file, id) pairs of the ids code and tests name: id tokens and numbered clauses
    (`core/7.3`), not the paths of slugs only OpenSpec names clauses by (`request/response`
    in a comment is two words)."""
    return {
        (r.path, m.target)
        for r in records.values()
        if r.role != "spec"
        for m in r.mentions
        if m.kind == "id" and _cites_id(m.target, ids)
    }


def _cites_id(target: str, ids: IdMatcher) -> bool:
    last = target.rsplit("/", 1)[-1]
    return ids.is_id(last) or _NUMBER.fullmatch(last) is not None


# FMT-64: one line each for spec paths no format reads and code trine does not read (by
# language, as DIAG-26 counts it).
def _unread_notes(unread_specs: Counter[str], unread_code: Counter[str]) -> list[str]:
    notes = []
    if unread_specs:
        count = sum(unread_specs.values())
        notes.append(
            f"trine: {_files(count)} in the spec paths {'is' if count == 1 else 'are'} in no"
            f" format trine reads ({_by_kind(unread_specs)})"
        )
    if unread_code:
        notes.append(
            f"trine: {_files(sum(unread_code.values()))} of code in languages trine does not"
            f" read ({_by_kind(unread_code)}): their links are not checked"
        )
    return notes


def _by_kind(counts: Counter[str]) -> str:
    top = counts.most_common(MAX_LISTED)
    shown = ", ".join(f"{count} {kind}" for kind, count in top)
    return shown + (", ..." if len(counts) > MAX_LISTED else "")


def _half_notes(root: Path, records: Mapping[str, FileRecord]) -> list[str]:
    specs = [p for p, r in records.items() if r.role == "spec"]
    notes = []
    for layout in HALF_LAYOUTS:
        if not (root / layout.marker).is_dir():
            continue
        read = [p for p in specs if globs([layout.specs]).match(p)]
        if not read:
            notes.append(
                f"trine: {layout.marker}/ is here ({layout.name}), but no {layout.specs} was read"
            )
        elif not any(c.explicit for path in read for c in records[path].clauses):
            # FMT-64: files of the layout read, none in its form (headings in another language).
            notes.append(
                f"trine: {layout.marker}/ is here ({layout.name}) and {_files(len(read))} of"
                f" {layout.specs} {'was' if len(read) == 1 else 'were'} read, but none declares"
                f" a requirement in {layout.name}'s form: is the spec written another way?"
            )
    return notes
