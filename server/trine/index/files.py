"""Reading workspace files safely: every failure becomes a Problem naming what went wrong."""

from __future__ import annotations

import contextlib
import errno
import re
import stat
from pathlib import Path

from trine.parsers.facts import Problem
from trine.parsers.language import Language
from trine.parsers.languages import language_for
from trine.parsers.text import Span

_START = Span(0, 0, 0, 0)
_SNIFF = 8192
_LINE_BREAK = re.compile(rb"\r\n|\r|\n")
# RS-9: what a file says in its first lines when a tool wrote it (`@generated`, as Rust's and
# Meta's tools write; Go's `Code generated ... DO NOT EDIT.`).
_GENERATED = re.compile(rb"@generated\b|\bDO NOT EDIT\b")


def _problem(message: str) -> tuple[None, tuple[Problem, ...]]:
    return None, (Problem(message, _START),)


def _size(size: int) -> str:
    return f"{size / 1_000_000:.1f} MB" if size >= 100_000 else f"{size} bytes"


# WS-2, WS-3, IDX-3, REL-6, REL-8: files are only ever read as bytes, never run, and every
# failure is one problem of that file.
def read_source(root: Path, relpath: str, max_size: int) -> tuple[str | None, tuple[Problem, ...]]:
    """The text of a workspace file, or None with the reason it was skipped.

    Symlinks may point anywhere inside the workspace, never out of it; binary and oversized files
    are skipped; invalid UTF-8 is read with replacement characters and reported.
    """
    path = root / relpath
    try:
        real = path.resolve(strict=True)
    except RuntimeError:
        return _problem("symlink loop: the link never reaches a file; skipped")
    except OSError as error:
        if error.errno == errno.ELOOP:
            return _problem("symlink loop: the link never reaches a file; skipped")
        return _problem(f"cannot be read ({error.strerror or error}); skipped")
    if not real.is_relative_to(root.resolve()):
        return _problem("symlink to a file outside the workspace; not followed")
    try:
        info = real.stat()
        # REL-6: the size is known before a byte is read; pipes and devices are never opened.
        if not stat.S_ISREG(info.st_mode):
            return _problem("not a regular file (a pipe, socket or device); skipped")
        if info.st_size > max_size:
            return _problem(
                f"{_size(info.st_size)}, over the {_size(max_size)} limit (max_file_size); skipped"
            )
        data = real.read_bytes()
    except OSError as error:
        return _problem(f"cannot be read ({error.strerror or error}); skipped")
    if len(data) > max_size:
        return _problem(
            f"grew over the {_size(max_size)} limit (max_file_size) while read; skipped"
        )
    return decode(data, language_for(relpath))


def _is_text(text: str) -> bool:
    """Whether decoded text is real text: no lone surrogates (`unicode_escape` can make them)."""
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True


# WS-4, REL-7: invalid UTF-8 is replaced and reported; a declared text encoding is honoured.
def decode(data: bytes, language: Language | None = None) -> tuple[str | None, tuple[Problem, ...]]:
    """Bytes as text: binary data is refused, an encoding the language lets a file declare (a
    Python coding cookie) is honoured, and invalid UTF-8 is replaced and reported."""
    if b"\0" in data[:_SNIFF]:
        return _problem("binary file (it contains NUL bytes); skipped")
    if language is not None and _GENERATED.search(b"\n".join(data[:_SNIFF].split(b"\n")[:5])):
        return _problem("generated code (its first lines say `@generated` or DO NOT EDIT); skipped")
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
    encoding = language.encoding(data) if language is not None else "utf-8"
    if encoding != "utf-8":
        with contextlib.suppress(UnicodeDecodeError, LookupError, ValueError):
            text = data.decode(encoding)
            if _is_text(text):
                return text, ()
    try:
        return data.decode("utf-8"), ()
    except UnicodeDecodeError as error:
        text = data.decode("utf-8", "replace")
        line = len(_LINE_BREAK.split(data[: error.start])) - 1
        message = (
            f"not valid UTF-8 (byte {error.start} on line {line + 1}); read with replacement"
            " characters: save the file as UTF-8"
        )
        return text, (Problem(message, Span(line, 0, line, 0)),)
