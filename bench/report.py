"""The benchmark's report: the JSON of DESIGN.md §6 and the same figures as a Markdown table."""

import json
import os
import platform
import sqlite3
from datetime import datetime
from pathlib import Path
from typing import TypedDict

from django.db import connection

BENCH_DIR = Path(__file__).resolve().parent


class Entry(TypedDict):
    value: float
    unit: str  # ms | s | MiB | F1 | ratio | count
    baseline: float | None
    ratio: float | None
    target: str
    ok: bool


def entry(
    value: float, unit: str, target: str, ok: bool = True, baseline: float | None = None
) -> Entry:
    """One figure; `ratio` = value ÷ baseline when a baseline was measured in the same run."""
    return {
        "value": round(value, 3),
        "unit": unit,
        "baseline": round(baseline, 3) if baseline is not None else None,
        "ratio": round(value / baseline, 2) if baseline else None,
        "target": target,
        "ok": ok,
    }


def machine(tier: str, rows: dict[str, int], data: dict[str, object]) -> dict[str, object]:
    cpu = next(
        (
            line.split(":", 1)[1].strip()
            for line in Path("/proc/cpuinfo").read_text().splitlines()
            if line.startswith("model name")
        ),
        platform.processor() or "unknown",
    )
    if connection.vendor == "postgresql":
        major, minor = divmod(connection.pg_version, 10_000)
        database = f"PostgreSQL {major}.{minor}"
    else:
        database = f"SQLite {sqlite3.sqlite_version}"
    return {
        "tier": tier,
        "cpu": cpu,
        "cores": len(os.sched_getaffinity(0)),
        "python": platform.python_version(),
        "system": platform.platform(),
        "database": database,
        "data": data,
        "rows": rows,
    }


def report_paths(tier: str) -> tuple[Path, Path]:
    stem = "report" if tier == "S" else f"report-{tier}"
    return BENCH_DIR / f"{stem}.json", BENCH_DIR / f"{stem}.md"


def write_report(
    tier: str,
    results: dict[str, Entry],
    groups: tuple[str, ...],
    notes: dict[str, str],
    about: dict[str, object],
) -> str:
    """Merge this run's figures into the tier's report (a run of one group keeps the others'),
    write the JSON and the Markdown, and return the Markdown."""
    json_path, md_path = report_paths(tier)
    now = datetime.now().astimezone().isoformat(timespec="seconds")
    previous = json.loads(json_path.read_text()) if json_path.exists() else {}
    before = previous.get("machine", {})
    if (before.get("database"), before.get("data")) != (about["database"], about["data"]):
        previous = {}  # figures of another database or other data do not mix with these
    report = {
        "tier": tier,
        "when": now,
        "results": {**previous.get("results", {}), **results},
        # Beyond the contract: when each group was last measured, how, and on what.
        "groups": {**previous.get("groups", {}), **dict.fromkeys(groups, now)},
        "notes": {**previous.get("notes", {}), **notes},
        "machine": about,
    }
    json_path.write_text(json.dumps(report, indent=2, ensure_ascii=False) + "\n")
    text = markdown(report)
    md_path.write_text(text)
    return text


def markdown(report: dict) -> str:
    def cell(value: object) -> str:
        return "—" if value is None else f"{value:g}" if isinstance(value, float) else str(value)

    about = report["machine"]
    data = about["data"]
    lines = [
        f"# Benchmark, tier {report['tier']}",
        "",
        f"Written {report['when']} by `make bench TIER={report['tier']}` (`bench/run.py`).",
        "",
        "| name | value | unit | baseline | ratio | target | ok |",
        "|---|---:|---|---:|---:|---|:-:|",
    ]
    for name, r in sorted(report["results"].items()):
        ok = "yes" if r["ok"] else "**NO**"
        lines.append(
            f"| `{name}` | {cell(r['value'])} | {r['unit']} | {cell(r['baseline'])} "
            f"| {cell(r['ratio'])} | {r['target']} | {ok} |"
        )
    lines += [
        "",
        "A page's baseline is the floor's same percentile in the same run; ratio = value ÷ baseline.",
        "Times are taken in process with Django's test client: the full middleware stack, view,",
        "queries and template, without an HTTP server or network.",
        "",
        "## What was measured",
        "",
        *(f"- **{name}**: {note}" for name, note in sorted(report["notes"].items())),
        "",
        "Last measured: "
        + ", ".join(f"`{group}` {when}" for group, when in sorted(report["groups"].items())),
        "",
        "## Machine and data",
        "",
        f"- CPU: {about['cpu']}, {about['cores']} cores available",
        f"- Python {about['python']} on {about['system']}",
        f"- Database: {about['database']}",
        f"- Data: generator version {data['generator_version']}, seed {data['seed']}, "
        f"generated {data['generated_at']} in {data['seconds']} s",
        "- Rows: " + ", ".join(f"{n:,} {what}" for what, n in about["rows"].items()),
        "",
    ]
    return "\n".join(lines)
