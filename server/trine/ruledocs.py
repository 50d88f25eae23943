"""The files generated from the rule records: `python -m trine.ruledocs [ROOT] [--check]`.

`make docs` runs it. It writes a page per rule (`docs/rules/<code>.md`); the rules table in
README.md, the rule codes in docs/configuration.md and in the VS Code extension's README (each
between `<!-- begin: rules ... -->` and `<!-- end: rules -->`); the extension's rule list in
settings.ts (between `// begin: rules` and `// end: rules`) and its severity settings in
package.json. With `--check` it writes nothing and exits 1 when a file is out of date.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
from collections.abc import Callable, Sequence
from pathlib import Path

from trine.analysis.registry import RULES, rule_doc, rule_url
from trine.analysis.rule import Rule
from trine.atomic import write_atomic

COMMAND = "make docs"
PAGES = "docs/rules"
README = "README.md"
CONFIGURATION = "docs/configuration.md"
MANIFEST = "editors/vscode/package.json"
EXTENSION_README = "editors/vscode/README.md"
SETTINGS = "editors/vscode/src/settings.ts"
_MARKDOWN_BLOCK = re.compile(r"(<!-- begin: rules .*?-->\n).*?(<!-- end: rules -->)", re.S)
_TYPESCRIPT_BLOCK = re.compile(r"(// begin: rules .*?\n).*?(  // end: rules)", re.S)
_SEVERITY = "trine.severity."
_FIRST_ORDER = 10


def _cell(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ")


def readme_table() -> str:
    """The rules table of README.md."""
    rows = [
        f"| [`{r.code}`]({PAGES}/{r.code}.md) | {r.default} | {'yes' if r.fix else ''} |"
        f" {_cell(r.summary)} |"
        for r in RULES.values()
    ]
    return "| code | default | quick fix | what it finds |\n| --- | --- | --- | --- |\n" + (
        "\n".join(rows) + "\n"
    )


def configuration_codes() -> str:
    """The rule codes paragraph of docs/configuration.md."""
    codes = ", ".join(f"[`{r.code}`](rules/{r.code}.md)" for r in RULES.values())
    return f"**Rule codes** for `severity`: {codes} (see `trine rule`).\n"


def extension_codes() -> str:
    """The rule codes paragraph of the extension's README (shipped alone: absolute links)."""
    codes = ", ".join(f"[`{r.code}`]({rule_url(r.code)})" for r in RULES.values())
    return f"The rules are {codes}; `trine rule CODE` explains each.\n"


def typescript_rules() -> str:
    """The elements of the `RULES` array in the extension's settings.ts."""
    return "".join(f'  "{code}",\n' for code in RULES)


def _setting(rule: Rule, order: int) -> dict[str, object]:
    levels = ["error", "warning", "info", "hint"]
    return {
        "type": "string",
        "enum": ["", *levels, "off"],
        "enumItemLabels": ["(from the file configuration)", *levels, "off"],
        "enumDescriptions": [
            "Use the `[tool.trine.severity]` / `trine.toml` value, else trine's default"
            f" ({rule.default}).",
            *(f"Report {rule.code} as {level}." for level in levels),
            f"Do not report {rule.code}.",
        ],
        "default": "",
        "order": order,
        "markdownDescription": (
            f"Severity of [`{rule.code}`]({rule_url(rule.code)}). {rule.summary} trine's"
            f" default: `{rule.default}`. Empty: the file configuration applies."
        ),
    }


def manifest(current: str) -> str:
    """The extension manifest with one severity setting per rule, where the old ones were."""
    data = json.loads(current)
    properties: dict[str, object] = data["contributes"]["configuration"]["properties"]
    settings = {
        f"{_SEVERITY}{rule.code}": _setting(rule, _FIRST_ORDER + i)
        for i, rule in enumerate(RULES.values())
    }
    rebuilt: dict[str, object] = {}
    for key, value in properties.items():
        if key.startswith(_SEVERITY):
            rebuilt.update(settings)
        else:
            rebuilt[key] = value
    rebuilt.update(settings)  # a manifest without severity settings gets them at the end
    data["contributes"]["configuration"]["properties"] = rebuilt
    return json.dumps(data, indent=2) + "\n"


def _between(pattern: re.Pattern[str], body: str) -> Callable[[str], str]:
    def replace(current: str) -> str:
        if not pattern.search(current):
            raise ValueError(f"no generated block ({pattern.pattern}) to replace")
        return pattern.sub(lambda m: m.group(1) + body + m.group(2), current, count=1)

    return replace


# DIAG-10: every generated file, from the records.
def generated(root: Path) -> dict[Path, str]:
    """Every generated file under `root` with the text it should have."""
    files = {root / PAGES / f"{code}.md": rule_doc(code) for code in RULES}
    edits = {
        README: _between(_MARKDOWN_BLOCK, readme_table()),
        CONFIGURATION: _between(_MARKDOWN_BLOCK, configuration_codes()),
        EXTENSION_README: _between(_MARKDOWN_BLOCK, extension_codes()),
        SETTINGS: _between(_TYPESCRIPT_BLOCK, typescript_rules()),
        MANIFEST: manifest,
    }
    for path, edit in edits.items():
        files[root / path] = edit((root / path).read_text("utf-8"))
    return files


def out_of_date(root: Path) -> list[Path]:
    """The generated files that differ from what the records give, and stray rule pages."""
    expected = generated(root)
    stale = [p for p, text in expected.items() if not p.is_file() or p.read_text("utf-8") != text]
    return stale + sorted(set((root / PAGES).glob("*.md")) - set(expected))


def write(root: Path) -> list[Path]:
    """Write every generated file that changed and remove stray rule pages; return them."""
    changed = out_of_date(root)
    for path, text in generated(root).items():
        if path in changed:
            path.parent.mkdir(parents=True, exist_ok=True)
            write_atomic(path, text)
    for path in changed:
        if path.parent == root / PAGES and path.stem not in RULES:
            path.unlink()
    return changed


def main(argv: Sequence[str] | None = None) -> int:
    """Write (or with --check, verify) the generated files; exit 1 when --check finds one stale."""
    parser = argparse.ArgumentParser(prog="python -m trine.ruledocs", description=__doc__)
    parser.add_argument("root", nargs="?", default=".", type=Path)
    parser.add_argument("--check", action="store_true", help="write nothing; exit 1 if stale")
    args = parser.parse_args(argv)
    root: Path = args.root
    stale = out_of_date(root) if args.check else write(root)
    for path in stale:
        print(f"{'out of date' if args.check else 'wrote'}: {path.relative_to(root)}")
    if args.check and stale:
        print(f"run `{COMMAND}` to regenerate them", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
