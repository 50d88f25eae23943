"""The persistent record cache: a warm start reuses the records of files whose text is unchanged.

One file per workspace under the user's cache directory (`$TRINE_CACHE_DIR`, else
`$XDG_CACHE_HOME/trine`, else `~/.cache/trine`), written atomically and checked on read: a cache
that fails its checksum, or was written by another trine or for another `id_pattern`, is
ignored and rebuilt, never trusted. Records are JSON, so reading a cache never runs code.
"""

from __future__ import annotations

import hashlib
import json
import logging
import os
from collections.abc import Mapping
from functools import cache
from pathlib import Path

from pydantic import TypeAdapter, ValidationError

from trine import __version__
from trine.atomic import write_atomic
from trine.index.records import FileRecord

log = logging.getLogger(__name__)

_RECORDS = TypeAdapter(dict[str, FileRecord])
FORMAT = 1


def cache_home() -> Path:
    """Where caches live: `$TRINE_CACHE_DIR`, else the XDG cache directory."""
    explicit = os.environ.get("TRINE_CACHE_DIR")
    if explicit:
        return Path(explicit)
    xdg = os.environ.get("XDG_CACHE_HOME")
    return (Path(xdg) if xdg else Path.home() / ".cache") / "trine"


@cache
def code_identity() -> str:
    """A hash of trine's own parsing code: an editable install changes it without a version."""
    package = Path(__file__).resolve().parent.parent
    digest = hashlib.blake2b(__version__.encode(), digest_size=12)
    for path in sorted(package.rglob("*")):
        if path.suffix in (".py", ".scm"):
            digest.update(path.relative_to(package).as_posix().encode())
            digest.update(path.read_bytes())
    return digest.hexdigest()


def _checksum(payload: bytes) -> str:
    return hashlib.blake2b(payload, digest_size=16).hexdigest()


class RecordCache:
    """The cached records of one workspace, keyed by path and checked by content digest."""

    def __init__(self, path: Path, salt: str) -> None:
        self.path = path
        self.salt = salt

    # PERF-2: one cache per workspace and setting that changes records, under the user's cache;
    # records are only reused by the very code that wrote them.
    # FMT-62: the spec formats the configuration chooses change records, so they salt the cache.
    @classmethod
    def for_workspace(cls, root: Path, settings: str) -> RecordCache:
        """The cache of a workspace root; records depend on trine's version and on `settings`,
        the configuration that changes records (the id pattern and matcher, the chosen spec
        formats)."""
        salt = f"{FORMAT}|{code_identity()}|{settings}"
        name = hashlib.blake2b(f"{root.resolve()}|{salt}".encode(), digest_size=12).hexdigest()
        return cls(cache_home() / f"{name}.json", salt)

    # PERF-2: verify on read; anything unexpected means "no cache", never a crash.
    def load(self) -> dict[str, FileRecord]:
        """The cached records, or nothing when the cache is missing, foreign or corrupt."""
        try:
            raw = self.path.read_bytes()
            header, _, payload = raw.partition(b"\n")
            meta = json.loads(header)
            if not isinstance(meta, dict):
                raise ValueError("the cache has no header")
            if meta.get("salt") != self.salt or meta.get("checksum") != _checksum(payload):
                raise ValueError("stale or corrupt cache")
            return _RECORDS.validate_json(payload)
        except FileNotFoundError:
            return {}
        except (OSError, ValueError, ValidationError, RecursionError) as error:
            log.info("ignoring the record cache %s: %s", self.path, error)
            return {}

    def save(self, records: Mapping[str, FileRecord]) -> None:
        """Write the records that can be reused (read in full, with a digest), atomically."""
        keep = {p: r for p, r in records.items() if r.digest}
        payload = _RECORDS.dump_json(keep)
        header = json.dumps({"salt": self.salt, "checksum": _checksum(payload)}).encode()
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            write_atomic(self.path, header + b"\n" + payload)
        except OSError as error:
            log.warning("cannot write the record cache %s: %s", self.path, error)
