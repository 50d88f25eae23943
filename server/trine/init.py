"""`trine init`: say what trine finds in a workspace, and write the smallest trine.toml that
pins it, never over a configuration that is already there."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from typing import Any

import tomli_w

from trine.index.workspace import globs
from trine.parsers.specs import MARKDOWN, spec_format_named
from trine.project import read_pytest_config
from trine.session import Session

CONFIG = "trine.toml"


@dataclass(frozen=True)
class Found:
    """What the index read: spec files and clauses per format, and pytest's test roots."""

    formats: dict[str, tuple[int, int]]
    specs: list[dict[str, str]]
    tests: list[str]

    def table(self) -> dict[str, Any]:
        """The configuration that pins what was found (only what differs from detection)."""
        table: dict[str, Any] = {}
        if self.tests:
            table["tests"] = self.tests
        if self.specs:
            table["specs"] = self.specs
        return table


# FMT-69: the formats read, the spec globs that found their files, pytest's own test roots.
def survey_for_init(session: Session) -> Found:
    """What a scanned session read, as `trine init` reports and pins it."""
    files: Counter[str] = Counter()
    clauses: Counter[str] = Counter()
    paths: dict[str, list[str]] = {}
    for record in session.host.records.values():
        if record.role == "spec" and record.spec_format:
            files[record.spec_format] += 1
            clauses[record.spec_format] += len(record.clauses)
            paths.setdefault(record.spec_format, []).append(record.path)
    read_in = {path: name for name, found in paths.items() for path in found}
    specs = []
    for name in sorted(paths):
        spec_format = spec_format_named(name)
        if spec_format is None or spec_format is MARKDOWN:
            continue  # plain Markdown reads what no dialect claims: nothing to pin
        for glob in spec_format.spec_globs:
            # A glob is pinned only when every spec file it matches was read in this format:
            # `specs/**` also holds plain Markdown and YAML beside spec-kit's features.
            matched = [path for path in read_in if globs([glob]).match(path)]
            if matched and all(read_in[path] == name for path in matched):
                specs.append({"path": glob, "format": name})
    formats = {name: (files[name], clauses[name]) for name in sorted(files)}
    return Found(formats, specs, _extra_test_roots(session))


def _extra_test_roots(session: Session) -> list[str]:
    """pytest's `testpaths` holding files trine reads as code by default (helpers, conftest):
    as test globs, so that they count as tests."""
    roots = []
    pytest = read_pytest_config(session.root, session.config.max_file_size)
    for path in pytest.testpaths if pytest else ():
        folder = path.strip("/") + "/"
        records = session.host.records.values()
        if any(r.path.startswith(folder) and r.role == "code" for r in records):
            roots.append(f"{folder}**")
    return roots


def render(found: Found) -> str:
    """The trine.toml text: a header saying what it pins, then the table."""
    lines = ["# Written by `trine init`: pins what trine found here with no configuration."]
    lines += [
        f"# {name}: {_count(files, 'spec file')}, {_count(count, 'clause')}"
        for name, (files, count) in found.formats.items()
    ]
    return "\n".join(lines) + "\n\n" + tomli_w.dumps(found.table())


def _count(count: int, word: str) -> str:
    return f"{count} {word}{'' if count == 1 else 's'}"
