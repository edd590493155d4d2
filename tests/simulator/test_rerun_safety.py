"""Re-running the simulator replaces its own files and never touches exports a person dropped in."""

from simulator.api import MANIFEST_NAME, simulate


def test_rerun_removes_only_files_the_previous_run_wrote(tmp_path):
    landing = tmp_path / "landing"
    first = simulate(
        scale="tiny", seed=3, out=landing, answer_key=tmp_path / "key", start="2025-03-01", days=2
    )
    real_export = landing / "tmall" / "orders" / "ExportOrderList202503031015.csv"
    real_export.write_bytes(b"a real file the ops team dropped here")
    written = set((landing / MANIFEST_NAME).read_text(encoding="utf-8").split())
    assert len(written) == first.files

    second = simulate(
        scale="tiny", seed=3, out=landing, answer_key=tmp_path / "key", start="2025-03-02", days=2
    )

    assert real_export.read_bytes() == b"a real file the ops team dropped here"
    now = set((landing / MANIFEST_NAME).read_text(encoding="utf-8").split())
    assert len(now) == second.files
    on_disk = {
        p.relative_to(landing).as_posix()
        for p in landing.rglob("*")
        if p.is_file() and p.name != MANIFEST_NAME
    }
    assert on_disk == now | {"tmall/orders/ExportOrderList202503031015.csv"}
    assert written - now, "the first run's files for 2025-03-01 should be gone"
