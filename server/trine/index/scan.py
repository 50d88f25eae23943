"""The cold index: read every file, reuse cached records, parse the rest on all cores.

Parsing runs in worker processes that ship records back (never syntax trees); files are read
and handed out in batches so that memory holds one batch of text at a time.
"""

from __future__ import annotations

import multiprocessing
import os
import threading
from collections.abc import Callable, Iterator, Mapping
from concurrent.futures import Executor, ProcessPoolExecutor
from functools import partial
from itertools import islice
from pathlib import Path

from trine.index.build import build_record, digest
from trine.index.files import read_source
from trine.index.records import FileRecord, Role
from trine.parsers.ids import IdMatcher
from trine.parsers.language import CollectionRules

BATCH = 512
CHUNK = 32
POOL_THRESHOLD = 256

Job = tuple[str, Role, str, str | None, bool]
"""A file to parse: its path, role, text, the spec format the configuration chose for it, and
whether it is a spec by its name alone."""


def _parse_chunk(
    ids: IdMatcher, collection: Mapping[str, CollectionRules] | None, jobs: list[Job]
) -> list[FileRecord]:
    """Parse some files in a worker process (the matcher travels as its pattern and kind)."""
    return [
        build_record(path, role, text, ids, spec_format=chosen, named=named, collection=collection)
        for path, role, text, chosen, named in jobs
    ]


def _detect(_path: str) -> str | None:
    return None


def _never(_path: str) -> bool:
    return False


def _batches(items: list[tuple[str, Role]], size: int) -> Iterator[list[tuple[str, Role]]]:
    it = iter(items)
    while batch := list(islice(it, size)):
        yield batch


def _pool(workers: int) -> Executor:
    """Worker processes: forked while this process has one thread (the CLI), else started by a
    fork server (forking a threaded process, like the language server, can deadlock)."""
    methods = multiprocessing.get_all_start_methods()
    if "fork" in methods and threading.active_count() == 1:
        method = "fork"
    else:
        method = "forkserver" if "forkserver" in methods else "spawn"
    return ProcessPoolExecutor(max_workers=workers, mp_context=multiprocessing.get_context(method))


# PERF-1: a cold index uses every core; PERF-2: unchanged files come from the cache.
def index_files(
    root: Path,
    files: list[tuple[str, Role]],
    ids: IdMatcher,
    max_file_size: int,
    cached: Mapping[str, FileRecord],
    workers: int | None = None,
    format_of: Callable[[str], str | None] = _detect,
    named_only: Callable[[str], bool] = _never,
    collection: Mapping[str, CollectionRules] | None = None,
) -> Iterator[FileRecord]:
    """The records of the given files, from the cache when a file's text is unchanged;
    `format_of` gives the spec format the configuration chose for a file (None: detect it),
    `named_only` whether a spec file is one by its name alone, `collection` what each
    language's test runner is configured to collect."""
    parse = partial(_parse_chunk, ids, collection)
    workers = workers or os.cpu_count() or 1
    pool = _pool(workers) if workers > 1 and len(files) >= POOL_THRESHOLD else None
    try:
        for batch in _batches(files, BATCH):
            jobs: list[Job] = []
            for path, role in batch:
                text, problems = read_source(root, path, max_file_size)
                hit = cached.get(path)
                if text is None or problems:
                    yield build_record(
                        path,
                        role,
                        text,
                        ids,
                        problems,
                        None,
                        format_of(path),
                        named_only(path),
                        collection,
                    )
                elif hit is not None and hit.role == role and hit.digest == digest(text):
                    yield hit
                else:
                    jobs.append((path, role, text, format_of(path), named_only(path)))
            if pool is None:
                yield from parse(jobs)
                continue
            chunks = [jobs[i : i + CHUNK] for i in range(0, len(jobs), CHUNK)]
            for records in pool.map(parse, chunks):
                yield from records
    finally:
        if pool is not None:
            pool.shutdown()
