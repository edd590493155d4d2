"""The quality report people open: the great-expectations results as one self-contained HTML page.

GX's own data docs load their CSS and JavaScript from CDNs and render blank on a machine without
internet, so each suite's results are also kept as JSON (`results/<suite>.json`) and rendered here
into `index.html` with inline CSS and no external URL, beside the coverage page (coverage.py).
Each check re-renders the page from every suite's latest results, so a run that validates one suite
keeps the others' last results (each shows when it was validated).
"""

from __future__ import annotations

import datetime as dt
import html
import json
import os
from pathlib import Path
from typing import TYPE_CHECKING

from omnichannel_config.settings import SHANGHAI

if TYPE_CHECKING:
    from orchestration.quality.gx_runner import GateResult, Suite

INDEX = "index.html"
COVERAGE_PAGE = "coverage.html"  # written by coverage.write_report into the same folder
GX_SITE = "gx/uncommitted/data_docs/local_site/index.html"
STYLE = (
    "body{font-family:sans-serif;margin:2em;color:#222}table{border-collapse:collapse;margin:.5em 0 2em}"
    "td,th{border:1px solid #ccc;padding:4px 8px;text-align:left;vertical-align:top}"
    "th{background:#f4f4f4}tr.failed{background:#f8d7da}tr.warning{background:#fff3cd}"
    ".badge{padding:1px 6px;border-radius:3px;font-size:90%}.blocking{background:#f8d7da}"
    ".warn-only{background:#fff3cd}code{font-size:90%}"
)
RESULT_LABELS = {"passed": "通过 passed", "failed": "失败 failed", "warning": "预警 warning"}


def report_index(quality_dir: Path) -> Path:
    """The offline quality report page under `quality_dir` (data/reports/quality)."""
    return Path(quality_dir) / INDEX


def write_suite_result(suite: Suite, result: GateResult, quality_dir: Path, as_of: dt.date) -> Path:
    """Keep this suite's results and re-render the page; returns the page's path."""
    record = {
        "suite": suite.name,
        "asset": suite.asset,
        "description": suite.description,
        "blocking": suite.blocking,
        "validated_at": dt.datetime.now(SHANGHAI).isoformat(timespec="seconds"),
        "as_of": as_of.isoformat(),
        "rows": result.rows,
        "expectations": [
            {
                "expectation": o.expectation,
                "kwargs": o.kwargs,
                "severity": o.severity,
                "success": o.success,
                "observed": o.observed,
            }
            for o in result.outcomes
        ],
        "failures": [f.describe(max_rows=10) for f in result.failures],
    }
    results_dir = Path(quality_dir) / "results"
    results_dir.mkdir(parents=True, exist_ok=True)
    _write_atomically(results_dir / f"{suite.name}.json", json.dumps(record, ensure_ascii=False, indent=1))
    return render_index(quality_dir)


def render_index(quality_dir: Path) -> Path:
    """Render every suite's latest results into `index.html` (inline CSS, no external URL)."""
    quality_dir = Path(quality_dir)
    records = [
        json.loads(path.read_text(encoding="utf-8"))
        for path in sorted((quality_dir / "results").glob("*.json"))
    ]
    sections = "".join(_suite_section(r) for r in records) or "<p>还没有校验结果 (no results yet).</p>"
    page = (
        '<!doctype html><html lang="zh-CN"><head><meta charset="utf-8">'
        f"<title>数据质量报告 data quality report</title><style>{STYLE}</style></head><body>"
        "<h1>数据质量报告 Data quality report</h1>"
        "<p>每个 great-expectations 质量门的最近一次结果："
        "阻断的检查失败时不发布数仓，只预警的检查从不阻断发布。"
        "<br>The latest result of each great-expectations gate: a failed blocking check stops "
        "publication; a warn-only check never does.</p>"
        f'<p><a href="{COVERAGE_PAGE}">数据覆盖 pipeline coverage</a>：'
        "每个导出的文件、行与订单是否进入了数据集市 (what of each export reached the marts). "
        f'<a href="{GX_SITE}">great-expectations 原始报告</a>（需联网 needs internet）</p>'
        f"{sections}</body></html>"
    )
    index = report_index(quality_dir)
    _write_atomically(index, page)
    return index


def _suite_section(record: dict) -> str:
    badge = (
        '<span class="badge blocking">阻断发布 blocks publication</span>'
        if record.get("blocking", True)
        else '<span class="badge warn-only">只预警，不阻断发布 warns, never blocks</span>'
    )
    rows = "".join(_expectation_row(e) for e in record["expectations"])
    failures = "".join(f"<li>{_e(line)}</li>" for line in record.get("failures", []))
    return (
        f"<h2>{_e(record['suite'])} {badge}</h2>"
        f"<p>表 table <code>{_e(record['asset'])}</code> · 校验时间 validated {_e(record['validated_at'])} · "
        f"报告日 as of {_e(record['as_of'])} · 校验行数 rows {record['rows']:,}</p>"
        f"<p>{_e(record.get('description', ''))}</p>"
        + (f"<p>失败明细 what failed:</p><ul>{failures}</ul>" if failures else "")
        + "<table><thead><tr><th>期望 expectation</th><th>参数 arguments</th><th>级别 severity</th>"
        "<th>结果 result</th><th>观测值 observed value</th></tr></thead>"
        f"<tbody>{rows}</tbody></table>"
    )


def _expectation_row(expectation: dict) -> str:
    if expectation["success"]:
        status = "passed"
    else:
        status = "failed" if expectation["severity"] == "critical" else "warning"
    arguments = ", ".join(f"{k}={v}" for k, v in expectation["kwargs"].items())
    css = "" if status == "passed" else f' class="{status}"'
    return (
        f"<tr{css}><td>{_e(expectation['expectation'])}</td><td>{_e(arguments)}</td>"
        f"<td>{_e(expectation['severity'])}</td><td>{RESULT_LABELS[status]}</td>"
        f"<td>{_e(_observed(expectation['observed']))}</td></tr>"
    )


def _observed(observed: object) -> str:
    if isinstance(observed, dict) and "unexpected_count" in observed:
        text = f"{observed['unexpected_count']} / {observed.get('element_count')} 行不符合 rows unexpected"
        return text + (f", e.g. {observed['examples'][:5]}" if observed.get("examples") else "")
    return "" if observed is None else str(observed)


def _e(value: object) -> str:
    return html.escape(str(value))


def _write_atomically(path: Path, text: str) -> None:
    """Write beside and rename: a reader (or a check in another process) never sees half a file."""
    temporary = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    temporary.write_text(text, encoding="utf-8")
    os.replace(temporary, path)
