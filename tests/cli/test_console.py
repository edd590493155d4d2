"""The quiet console: people get summary lines, warnings in one line and progress bars only on a
terminal; the log file gets everything, printed output (dbt's per-node lines) included."""

from __future__ import annotations

import io
import logging
import shutil
from pathlib import Path

from omnichannel_cli.console import Console, ingest_progress, new_log_file, quiet_console

VERBATIM = Path(__file__).parents[1] / "fixtures" / "verbatim" / "exports"


class Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_the_console_shows_summaries_and_warnings_the_file_gets_everything(tmp_path: Path):
    out, err = io.StringIO(), io.StringIO()
    log_file = tmp_path / "run.log"
    root_before = list(logging.getLogger().handlers)
    with quiet_console(log_file, stdout=out, stderr=err) as console:
        console.say("导入 ingest: 完成 done, 3 new files loaded")
        print("12 of 682 OK created sql table model staging.stg_tmall__orders [OK in 0.2s]")
        logging.getLogger("omnichannel.dagster").debug("STEP_START - Started execution of step")
        logging.getLogger("omnichannel.dagster").info("Running dbt command")
        logging.getLogger("orchestration.raw").warning("2 file(s) quarantined in /q: a.csv: 缺少列 订单编号")
        logging.getLogger("dagster.builtin").warning("recorded again as a run event")
        try:
            raise ValueError("first line of the cause\n  detail only the log needs")
        except ValueError:
            logging.getLogger("omnichannel.x").exception("step failed: first line\nsecond line")
    assert out.getvalue() == "导入 ingest: 完成 done, 3 new files loaded\n"
    assert err.getvalue().splitlines() == [
        "警告 warning: orchestration.raw: 2 file(s) quarantined in /q: a.csv: 缺少列 订单编号",
        "错误 error: omnichannel.x: step failed: first line",
    ]
    text = log_file.read_text(encoding="utf-8")
    for expected in (
        "stg_tmall__orders [OK in 0.2s]",
        "STEP_START - Started execution of step",
        "Running dbt command",
        "recorded again as a run event",
        "detail only the log needs",
        "导入 ingest: 完成 done, 3 new files loaded",
    ):
        assert expected in text
    assert "\x1b" not in out.getvalue() + err.getvalue() + text
    assert logging.getLogger().handlers == root_before


def test_progress_bars_only_on_a_terminal():
    assert Console(stream=io.StringIO()).bar(10, "dbt build") is None
    terminal = Terminal()
    console = Console(stream=terminal)
    bar = console.bar(10, "dbt build")
    bar.update(4)
    console.close_bar(bar)
    assert "dbt build" in terminal.getvalue() and "4/10" in terminal.getvalue()


def test_ingestion_reports_its_files_to_the_progress_bar(tmp_path: Path):
    from ingestion.load import ingest

    landing = tmp_path / "landing"
    landing.mkdir()
    for name in ("1777608000_订单导出.csv", "1777615200_售后导出.csv"):
        shutil.copy(VERBATIM / name, landing / name)
    terminal = Terminal()
    with ingest_progress(terminal):
        ingest(landing, tmp_path / "w.duckdb", tmp_path / "q")
    assert "导入 ingest" in terminal.getvalue() and "2/2" in terminal.getvalue()
    piped = io.StringIO()
    with ingest_progress(piped):
        ingest(landing, tmp_path / "w.duckdb", tmp_path / "q")
    assert piped.getvalue() == ""


def test_old_run_logs_are_removed(tmp_path: Path):
    for i in range(35):
        (tmp_path / f"run-20260101-0000{i:02d}.log").write_text("", encoding="utf-8")
    new = new_log_file(tmp_path, "run")
    assert new.name.startswith("run-") and len(list(tmp_path.glob("run-*.log"))) == 29
    assert not (tmp_path / "run-20260101-000000.log").exists()
