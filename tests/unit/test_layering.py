"""The package's one-way layers, read from the source with `ast` (no module is imported).

Bottom-up: parsers → index → analysis → ide → session → front ends (cli, lsp, mcp). A module may
import its own layer and the ones below it, never one above; only `lsp/` may import pygls or
lsprotocol, so the core and the CLI stay free of the protocol.
"""

from __future__ import annotations

import ast
from pathlib import Path

PACKAGE = Path(__file__).parents[2] / "server" / "trine"
LAYERS = ("parsers", "index", "analysis", "ide", "session", "front ends")
PROTOCOL_LIBRARIES = ("pygls", "lsprotocol")
PROTOCOL_HOME = "trine.lsp"

# Where each part of the package stands. The top-level helper modules sit in the lowest layer
# their own imports allow, so that the layers above may use them:
#   trine (`__version__`), atomic.py: import nothing of trine         -> parsers (the bottom)
#   config.py: analysis.registry (rule names), index.workspace, ids    -> analysis
#   project.py (check a workspace), report.py (the JSON report)        -> analysis
#   ruledocs.py (`make docs`, a command of its own)                     -> front ends
PLACES = {
    "trine": "parsers",
    "trine.atomic": "parsers",
    "trine.parsers": "parsers",
    "trine.index": "index",
    "trine.analysis": "analysis",
    "trine.config": "analysis",
    "trine.project": "analysis",
    "trine.report": "analysis",
    "trine.ide": "ide",
    "trine.session": "session",
    "trine.cli": "front ends",
    "trine.ruledocs": "front ends",
    "trine.init": "front ends",
    "trine.lsp": "front ends",
    "trine.mcp": "front ends",
    "trine.__main__": "front ends",
}


def module_name(path: Path) -> str:
    parts = path.relative_to(PACKAGE.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def place(module: str) -> str | None:
    """The layer of a trine module: its longest prefix in PLACES."""
    parts = module.split(".")
    for end in range(len(parts), 0, -1):
        found = PLACES.get(".".join(parts[:end]))
        if found is not None:
            return found
    return None


def imported(node: ast.Import | ast.ImportFrom, importer: str, is_package: bool) -> list[str]:
    """The modules an import statement names; `from trine import cli` names `trine.cli`."""
    if isinstance(node, ast.Import):
        return [alias.name for alias in node.names]
    base = node.module or ""
    if node.level:
        package = importer.split(".")
        package = package[: len(package) - node.level + (1 if is_package else 0)]
        base = ".".join([*package, base] if base else package)
    names = []
    for alias in node.names:
        full = f"{base}.{alias.name}"
        known = (PACKAGE.parent / full.replace(".", "/")).with_suffix(".py").exists() or (
            PACKAGE.parent / full.replace(".", "/")
        ).is_dir()
        names.append(full if known else base)
    return names


def violations(path: Path, source: str | None = None) -> list[str]:
    """Every import of one file (or of `source`, read as that file) that breaks the layering,
    as `file:line: why`."""
    importer = module_name(path)
    own = place(importer)
    where = path.relative_to(PACKAGE.parents[1])
    if own is None:
        return [f"{where}: {importer} has no layer: place it in PLACES in {Path(__file__).name}"]
    found = []
    tree = ast.parse(path.read_text(encoding="utf-8") if source is None else source, str(path))
    for node in sorted(ast.walk(tree), key=lambda n: getattr(n, "lineno", 0)):
        if not isinstance(node, (ast.Import, ast.ImportFrom)):
            continue
        for target in imported(node, importer, path.name == "__init__.py"):
            top = target.split(".")[0]
            if top in PROTOCOL_LIBRARIES and not importer.startswith(PROTOCOL_HOME):
                found.append(
                    f"{where}:{node.lineno}: imports {target}; only {PROTOCOL_HOME} may know"
                    " the protocol"
                )
            if top != "trine":
                continue
            layer = place(target)
            if layer is None or LAYERS.index(layer) > LAYERS.index(own):
                found.append(
                    f"{where}:{node.lineno}: {importer} ({own}) imports {target} ({layer}),"
                    " a higher layer"
                )
    return found


def test_no_module_imports_a_higher_layer_or_the_protocol_outside_lsp() -> None:
    """Each layer imports only itself and the layers below; pygls and lsprotocol only in lsp/."""
    modules = sorted(PACKAGE.rglob("*.py"))
    assert len(modules) > 30, f"found only {len(modules)} modules under {PACKAGE}"
    found = [problem for path in modules for problem in violations(path)]
    assert not found, "layering broken:\n" + "\n".join(found)


def test_a_forbidden_import_is_reported_with_file_line_and_import() -> None:
    """The failure names the importing file, the line and what it must not import."""
    source = "import os\nfrom trine.ide.hover import hover\n\nimport lsprotocol.types\n"
    assert violations(PACKAGE / "parsers" / "facts.py", source) == [
        "server/trine/parsers/facts.py:2: trine.parsers.facts (parsers) imports trine.ide.hover"
        " (ide), a higher layer",
        "server/trine/parsers/facts.py:4: imports lsprotocol.types; only trine.lsp may know the"
        " protocol",
    ]
