"""The cold index on all cores and the persistent record cache."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

import trine.index.scan
from trine.config import TrineConfig
from trine.index.cache import RecordCache
from trine.index.graph import TraceGraph
from trine.project import make_host
from workspaces import STORE, write_workspace


def _scan(root: Path, cache: RecordCache | None = None, workers: int | None = 1) -> TraceGraph:
    host = make_host(root, TrineConfig())
    host.scan(cache, workers)
    return host.graph()


def _many(root: Path, count: int) -> None:
    """STORE plus `count` code files that each implement REQ-1."""
    write_workspace(root, STORE)
    for index in range(count):
        (root / "pkg" / f"m{index}.py").write_text(f'def f{index}():\n    """REQ-1"""\n')


def test_parallel_index_equals_single_process(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """PERF-1: parsing in worker processes gives exactly the records of a single process."""
    _many(tmp_path, 40)
    monkeypatch.setattr(trine.index.scan, "POOL_THRESHOLD", 10)
    monkeypatch.setattr(trine.index.scan, "BATCH", 16)
    parallel = _scan(tmp_path, workers=2)
    single = _scan(tmp_path, workers=1)
    assert parallel.records == single.records
    assert len(parallel.implemented_by["REQ-1"]) == 41


def test_warm_start_reuses_unchanged_records(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """PERF-2: a warm start parses only the files whose text changed since the cache was written."""
    root, cache_dir = tmp_path / "ws", tmp_path / "cache"
    _many(root, 5)
    monkeypatch.setenv("TRINE_CACHE_DIR", str(cache_dir))
    cache = RecordCache.for_workspace(root, TrineConfig().cache_salt())
    cold = _scan(root, cache)
    (root / "pkg" / "m0.py").write_text('def f0():\n    """REQ-2"""\n')
    parsed: list[str] = []
    real = trine.index.scan._parse_chunk
    monkeypatch.setattr(
        trine.index.scan,
        "_parse_chunk",
        lambda ids, collection, jobs: (
            parsed.extend(job[0] for job in jobs) or real(ids, collection, jobs)
        ),
    )
    warm = _scan(root, cache)
    assert parsed == ["pkg/m0.py"]
    assert warm.clauses_of_symbol("pkg/m0.py::f0") == ["REQ-2"]
    assert cold.records["pkg/m1.py"] == warm.records["pkg/m1.py"]


def test_unchanged_workspace_leaves_the_cache_alone(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """PERF-2: a warm start that changed nothing does not write the cache again; a changed file
    does."""
    root, cache_dir = tmp_path / "ws", tmp_path / "cache"
    _many(root, 3)
    monkeypatch.setenv("TRINE_CACHE_DIR", str(cache_dir))
    cache = RecordCache.for_workspace(root, TrineConfig().cache_salt())
    _scan(root, cache)
    [written] = [p for p in cache_dir.rglob("*") if p.is_file()]
    os.utime(written, ns=(10**9, 10**9))
    _scan(root, cache)
    assert written.stat().st_mtime_ns == 10**9
    (root / "pkg" / "m0.py").write_text('def f0():\n    """REQ-2"""\n')
    _scan(root, cache)
    assert written.stat().st_mtime_ns != 10**9


@pytest.mark.parametrize("damage", ["truncate", "flip", "foreign"])
def test_damaged_cache_is_rebuilt_not_trusted(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, damage: str
) -> None:
    """PERF-2: a corrupt, truncated or foreign cache is ignored, and the index is still right."""
    root, cache_dir = tmp_path / "ws", tmp_path / "cache"
    _many(root, 3)
    monkeypatch.setenv("TRINE_CACHE_DIR", str(cache_dir))
    cache = RecordCache.for_workspace(root, TrineConfig().cache_salt())
    expected = _scan(root, cache).records
    data = cache.path.read_bytes()
    if damage == "truncate":
        cache.path.write_bytes(data[: len(data) // 2])
    elif damage == "flip":
        cache.path.write_bytes(data.replace(b"REQ-1", b"REQ-9"))
    else:
        RecordCache(cache.path, "another trine").save(expected)
    assert cache.load() == {}
    assert _scan(root, cache).records == expected
    assert cache.load() == expected


def test_chosen_spec_formats_keep_caches_apart(tmp_path: Path) -> None:
    """FMT-62: a configuration that chooses spec formats never reuses another's records."""
    plain = TrineConfig()
    chosen = TrineConfig.model_validate({"specs": [{"path": "reqs/**", "format": "markdown"}]})
    caches = {RecordCache.for_workspace(tmp_path, c.cache_salt()).path for c in (plain, chosen)}
    assert len(caches) == 2
