"""The labelled corpus: small workspaces modelled on real repositories, every finding judged by hand.

A case is a workspace `cases/<name>/` (written for trine after the patterns of a public repository)
and its labels `cases/<name>.toml` (that repository and commit, and a verdict on each diagnostic
and link).
`measure()` checks every case as `trine check` does and scores what it finds against the labels:
the precision of each rule (the share of its diagnostics a maintainer would act on) and the
recall of each kind of link (the share of the real links trine found).
`python tests/corpus/accuracy.py --write` rewrites the figures in docs/accuracy.md and raises the
floors in floors.toml to them; the test fails when a figure drops below its floor.

Labels of real repositories (`real/<name>.toml`: the repository and commit, optionally `paths`, the
part of it judged, and the same verdicts) commit no file of theirs. `--real DIR` checks each at its
commit from a clone at `DIR/<owner>+<name>` and reports the same figures; `--write` records them in
their own block of docs/accuracy.md. They are a measure, not a gate.
"""

from __future__ import annotations

import argparse
import re
import subprocess
import tarfile
import tempfile
import tomllib
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Literal

from trine.session import Session

HERE = Path(__file__).parent
CASES = HERE / "cases"
REAL = HERE / "real"
FLOORS = HERE / "floors.toml"
DOC = HERE.parent.parent / "docs" / "accuracy.md"

Verdict = Literal["right", "wrong"]
# Only links a person writes or names are labelled: links through calls are derived, and many.
LABELLED_LINKS = ("implements", "verifies")


@dataclass(frozen=True)
class Label:
    """A hand judgement of one finding: `right` if a maintainer would act on the diagnostic (or
    the link is real), `wrong` if it is noise, with the reason."""

    key: str
    group: str
    verdict: Verdict
    why: str


@dataclass
class Tally:
    """Counts for one rule or one kind of link over the corpus."""

    right: int = 0
    wrong: int = 0
    missed: int = 0

    @property
    def precision(self) -> float:
        found = self.right + self.wrong
        return self.right / found if found else 1.0

    @property
    def recall(self) -> float:
        real = self.right + self.missed
        return self.right / real if real else 1.0


@dataclass
class CaseResult:
    """One case scored: its tallies, and the findings its labels do not cover yet."""

    name: str
    source: str
    rules: dict[str, Tally] = field(default_factory=dict)
    links: dict[str, Tally] = field(default_factory=dict)
    unlabelled: list[str] = field(default_factory=list)
    stale: list[str] = field(default_factory=list)


def diagnostic_key(rule: str, path: str, line: int) -> str:
    """How a label names a diagnostic: its rule and its place (1-based line)."""
    return f"{rule} {path}:{line}"


def link_key(kind: str, source: str, target: str) -> str:
    """How a label names a link: its kind and its two ends."""
    return f"{kind} {source} -> {target}"


def is_link(key: str) -> bool:
    """Whether a finding's key names a link (else a diagnostic)."""
    return " -> " in key


def load_labels(path: Path) -> tuple[str, dict[str, Label]]:
    """A case's source line and its labels, keyed as findings are."""
    data = tomllib.loads(path.read_text(encoding="utf-8"))
    source = data["source"]
    labels: dict[str, Label] = {}
    for item in data.get("diagnostic", []):
        key = diagnostic_key(item["rule"], *_place(item["at"]))
        labels[key] = Label(key, item["rule"], item["verdict"], item["why"])
    for item in data.get("link", []):
        key = link_key(item["kind"], item["source"], item["target"])
        group = f"{item['kind']} ({item['evidence']})"
        labels[key] = Label(key, group, item["verdict"], item["why"])
    for label in labels.values():
        if label.verdict not in ("right", "wrong"):
            raise ValueError(f"{path.name}: {label.key}: verdict must be 'right' or 'wrong'")
    return f"{source['repository']} @ {source['commit'][:12]}", labels


def _place(at: str) -> tuple[str, int]:
    path, _, line = at.rpartition(":")
    return path, int(line)


def findings(root: Path) -> tuple[list[str], list[str]]:
    """The diagnostics and the labelled kinds of link `trine check` finds in a workspace."""
    session = Session(root)
    session.scan(workers=1)
    snapshot = session.snapshot()
    diagnostics = [
        diagnostic_key(d.code, d.path, d.span.start_line + 1) for d in snapshot.diagnostics.all()
    ]
    links = [
        link_key(link.kind, link.source, link.target)
        for link in snapshot.graph.links
        if link.kind in LABELLED_LINKS
    ]
    return diagnostics, links


def score(labels_file: Path, root: Path) -> CaseResult:
    """Check the workspace at `root` and score its findings against the labels of one case."""
    source, labels = load_labels(labels_file)
    diagnostics, links = findings(root)
    result = CaseResult(labels_file.stem, source)
    seen: set[str] = set()
    for key in diagnostics + links:
        label = labels.get(key)
        if label is None:
            result.unlabelled.append(key)
            continue
        tallies = result.links if is_link(key) else result.rules
        tally = tallies.setdefault(label.group, Tally())
        # One diagnostic per place and code: a repeat on the same line is noise, whatever it says.
        if label.verdict == "right" and key not in seen:
            tally.right += 1
        else:
            tally.wrong += 1
        seen.add(key)
    for key, label in labels.items():
        if key in seen:
            continue
        if label.verdict == "right":
            tallies = result.links if is_link(key) else result.rules
            tallies.setdefault(label.group, Tally()).missed += 1
        else:
            result.stale.append(key)
    return result


def skeleton(key: str) -> str:
    """A label to fill in for a finding that has none, in the TOML of a case's labels."""
    if is_link(key):
        kind, _, ends = key.partition(" ")
        source, _, target = ends.partition(" -> ")
        head = f'[[link]]\nkind = "{kind}"\nsource = "{source}"\ntarget = "{target}"\nevidence = ""'
    else:
        rule, _, at = key.partition(" ")
        head = f'[[diagnostic]]\nrule = "{rule}"\nat = "{at}"'
    return f'{head}\nverdict = ""\nwhy = ""\n'


def case_names() -> list[str]:
    """Every case of the corpus, by name."""
    return sorted(path.stem for path in CASES.glob("*.toml"))


def measure() -> list[CaseResult]:
    """Every case, scored."""
    return [score(CASES / f"{name}.toml", CASES / name) for name in case_names()]


def totals(results: list[CaseResult]) -> tuple[dict[str, Tally], dict[str, Tally]]:
    """The corpus-wide tallies per rule and per kind of link."""
    rules: dict[str, Tally] = {}
    links: dict[str, Tally] = {}
    for result in results:
        for mine, theirs in ((rules, result.rules), (links, result.links)):
            for group, tally in theirs.items():
                total = mine.setdefault(group, Tally())
                total.right += tally.right
                total.wrong += tally.wrong
                total.missed += tally.missed
    return rules, links


def figures(results: list[CaseResult]) -> dict[str, dict[str, float]]:
    """The gated figures, per case so that a new case sets its own floors: precision per rule
    and recall per kind of link, rounded to 3 places."""
    return {
        "precision": {
            f"{r.name} {rule}": round(t.precision, 3)
            for r in results
            for rule, t in sorted(r.rules.items())
        },
        "recall": {
            f"{r.name} {kind}": round(t.recall, 3)
            for r in results
            for kind, t in sorted(r.links.items())
        },
    }


def below_floors(current: dict[str, dict[str, float]]) -> list[str]:
    """Every figure lower than the floor recorded for it."""
    floors = tomllib.loads(FLOORS.read_text(encoding="utf-8")) if FLOORS.exists() else {}
    return [
        f"{measure_name} of {name}: {current.get(measure_name, {}).get(name, 0.0)} < {floor}"
        for measure_name, table in floors.items()
        for name, floor in table.items()
        if current.get(measure_name, {}).get(name, 0.0) < floor
    ]


def render(results: list[CaseResult]) -> str:
    """The figures block of docs/accuracy.md."""
    rules, links = totals(results)
    lines = [
        "| rule | right | wrong | precision | missed | recall |",
        "|---|---:|---:|---:|---:|---:|",
    ]
    for rule, t in sorted(rules.items()):
        lines.append(
            f"| `{rule}` | {t.right} | {t.wrong} | {t.precision:.2f} | {t.missed} | {t.recall:.2f} |"
        )
    lines += [
        "",
        "| link | found, real | found, wrong | precision | missed | recall |",
        "|---|---:|---:|---:|---:|---:|",
    ]
    for kind, t in sorted(links.items()):
        lines.append(
            f"| {kind} | {t.right} | {t.wrong} | {t.precision:.2f} | {t.missed} | {t.recall:.2f} |"
        )
    lines += ["", "| case | source | diagnostics (right/all) | links (found/real) |"]
    lines.append("|---|---|---:|---:|")
    for result in results:
        right = sum(t.right for t in result.rules.values())
        found = sum(t.right + t.wrong for t in result.rules.values())
        real = sum(t.right + t.missed for t in result.links.values())
        linked = sum(t.right for t in result.links.values())
        lines.append(f"| `{result.name}` | {result.source} | {right}/{found} | {linked}/{real} |")
    return "\n".join(lines) + "\n"


def _block(name: str) -> re.Pattern[str]:
    """A marked block of docs/accuracy.md, which --write rewrites."""
    return re.compile(rf"(<!-- begin: {name} -->\n).*?(<!-- end: {name} -->)", re.S)


def write_block(doc: Path, name: str, body: str) -> None:
    """Rewrite the marked block `name` of a page with `body`."""
    text = doc.read_text(encoding="utf-8")
    doc.write_text(_block(name).sub(lambda m: m[1] + body + m[2], text), encoding="utf-8")


def write(results: list[CaseResult]) -> None:
    """Rewrite the figures in docs/accuracy.md and raise the floors to today's figures."""
    write_block(DOC, "figures", render(results))
    old = tomllib.loads(FLOORS.read_text(encoding="utf-8")) if FLOORS.exists() else {}
    lines = [
        "# Floors of the corpus figures: raised by `accuracy.py --write`, never lowered by it."
    ]
    for measure_name, table in figures(results).items():
        floors = old.get(measure_name, {})
        lines += ["", f"[{measure_name}]"]
        lines += [f'"{k}" = {max(v, floors.get(k, 0.0))}' for k, v in table.items()]
    FLOORS.write_text("\n".join(lines) + "\n", encoding="utf-8")


def documented(results: list[CaseResult]) -> bool:
    """Whether docs/accuracy.md shows today's figures."""
    match = _block("figures").search(DOC.read_text(encoding="utf-8"))
    return match is not None and match[0] == match[1] + render(results) + match[2]


def clone_name(repository: str) -> str:
    """The folder a repository's clone has under the clones folder: `owner+name`."""
    owner, name = repository.rstrip("/").removesuffix(".git").split("/")[-2:]
    return f"{owner}+{name}"


def has_commit(clone: Path, commit: str) -> bool:
    """Whether a git clone holds a commit."""
    done = subprocess.run(
        ["git", "-C", str(clone), "cat-file", "-e", f"{commit}^{{commit}}"],
        capture_output=True,
        check=False,
    )
    return done.returncode == 0


@contextmanager
def checkout(clone: Path, commit: str, paths: list[str]) -> Iterator[Path]:
    """The files of a commit (only `paths`, when given) in a temporary folder: `git archive`
    leaves the clone as it is and brings no untracked file along."""
    with tempfile.TemporaryDirectory(prefix="trine-real-") as folder:
        command = ["git", "-C", str(clone), "archive", "--format=tar", commit, "--", *paths]
        archive = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
        assert archive.stdout is not None
        with tarfile.open(fileobj=archive.stdout, mode="r|") as tar:
            tar.extractall(folder, filter="data")
        if archive.wait():
            raise subprocess.CalledProcessError(archive.returncode, command)
        yield Path(folder)


def measure_real(labels_dir: Path, clones: Path) -> tuple[list[CaseResult], dict[str, str]]:
    """Every labelled real repository whose clone under `clones` holds the labelled commit,
    scored on that commit; and why each other one was skipped."""
    results: list[CaseResult] = []
    skipped: dict[str, str] = {}
    for labels_file in sorted(labels_dir.glob("*.toml")):
        source = tomllib.loads(labels_file.read_text(encoding="utf-8"))["source"]
        clone = clones / clone_name(source["repository"])
        if not clone.is_dir():
            skipped[labels_file.stem] = f"no clone at {clone}"
        elif not has_commit(clone, source["commit"]):
            skipped[labels_file.stem] = f"{clone} does not hold commit {source['commit'][:12]}"
        else:
            with checkout(clone, source["commit"], source.get("paths", [])) as root:
                results.append(score(labels_file, root))
    return results, skipped


def render_real(results: list[CaseResult], skipped: dict[str, str]) -> str:
    """The block of docs/accuracy.md on real repositories: the same figures, the findings not
    judged yet (not counted), and the repositories not measured."""
    lines = [render(results).rstrip("\n"), ""]
    for result in results:
        if result.unlabelled or result.stale:
            lines.append(
                f"- `{result.name}`: {len(result.unlabelled)} findings not labelled yet"
                f" (not counted), {len(result.stale)} labels of findings that are gone."
            )
    lines += [f"- `{name}`: not measured (no clone at the labelled commit)." for name in skipped]
    return "\n".join(lines).rstrip("\n") + "\n"


def main(argv: list[str] | None = None) -> None:
    """Print the figures and the labels to fill in; with --write, record them."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--write", action="store_true", help="record the figures")
    parser.add_argument("--real", type=Path, metavar="DIR", help="clones as DIR/<owner>+<name>")
    parser.add_argument("--labels", type=Path, default=REAL, help="labels of real repositories")
    args = parser.parse_args(argv)
    if args.real is None:
        scored = measure()
        body = render(scored)
    else:
        scored, skipped = measure_real(args.labels, args.real)
        for name, why in skipped.items():
            print(f"skipped {name}: {why}")
        body = render_real(scored, skipped)
    for case in scored:
        for key in case.unlabelled:
            print(f"# {case.name}\n{skeleton(key)}")
    if args.write and args.real is None:
        write(scored)
    elif args.write:
        write_block(DOC, "real", body)
    print(body)


if __name__ == "__main__":
    main()
