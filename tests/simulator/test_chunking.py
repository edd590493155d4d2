"""Export tasks split into day chunks (as at the demo and large scales) write the very same bytes."""

from __future__ import annotations

import hashlib
from pathlib import Path

import simulator.export_plan as export_plan
import simulator.exports.jd as jd
from tests.conftest import TINY_DAYS, TINY_SEED, TINY_START


def _digest(root: Path) -> dict[str, str]:
    return {
        str(p.relative_to(root)): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(root.rglob("*"))
        if p.is_file()
    }


def test_day_chunks_write_the_same_bytes(tmp_path, tiny_paths, tiny_simulation, monkeypatch):
    monkeypatch.setattr(export_plan, "MIN_CHUNK_ROWS", 300)
    monkeypatch.setattr(export_plan, "MAX_CHUNK_ROWS", 700)  # several chunks per platform
    monkeypatch.setattr(jd, "BLOCK_ROWS", 50)
    import simulator.api as api

    tasks = []
    monkeypatch.setattr(api, "plan", lambda *a: tasks.extend(export_plan.plan(*a)) or tasks)
    api.simulate(
        scale="tiny",
        seed=TINY_SEED,
        out=tmp_path / "chunked",
        answer_key=tmp_path / "key",
        start=TINY_START,
        days=TINY_DAYS,
        workers=1,
    )
    assert sum(t.name == "tmall" for t in tasks) > 2
    assert _digest(tmp_path / "chunked") == _digest(tiny_paths.landing_dir)
