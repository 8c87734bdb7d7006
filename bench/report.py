"""The benchmark's report: the JSON of DESIGN.md §6 and the same figures as a Markdown table."""

import json
import os
import platform
import sqlite3
from datetime import datetime
from pathlib import Path
from typing import NamedTuple, TypedDict

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


class Figures(NamedTuple):
    """What one group measured in a run: its figures and the notes on how."""

    results: dict[str, Entry]
    notes: dict[str, str]


FLOOR = "floor"
FLOOR_FIGURES = ("floor_view_p50_ms", "floor_view_p95_ms")


def _where(record: dict) -> tuple[object, object]:
    return record.get("database"), record.get("data")


def read_groups(previous: dict) -> dict[str, dict]:
    """Each group's record in an earlier report. The old format kept only each group's time:
    all its figures were then measured on the database and data of its `machine`."""
    before = previous.get("machine", {})
    return {
        group: (
            {"when": record, "database": before.get("database"), "data": before.get("data")}
            if isinstance(record, str)
            else record
        )
        for group, record in previous.get("groups", {}).items()
    }


def _floor_replaced(groups: dict[str, dict], rerun: set[str], here: tuple[object, object]) -> bool:
    """The run's floor replaces the report's unless figures this run keeps were measured
    against the report's floor on another database or other data."""
    floor = groups.get(FLOOR)
    if floor is None or _where(floor) == here:
        return True
    return not any(
        _where(record) == _where(floor)
        for group, record in groups.items()
        if group != FLOOR and group not in rerun
    )


def write_report(tier: str, measured: dict[str, Figures], about: dict[str, object]) -> str:
    """Merge this run's figures into the tier's report and write the JSON and the Markdown;
    returns the Markdown. A run replaces the figures of the groups it measured and keeps the
    others, each with the database and data it was measured on, so figures of different data
    never mix within a group."""
    json_path, md_path = report_paths(tier)
    now = datetime.now().astimezone().isoformat(timespec="seconds")
    previous = json.loads(json_path.read_text()) if json_path.exists() else {}
    results: dict[str, Entry] = dict(previous.get("results", {}))
    notes: dict[str, str] = dict(previous.get("notes", {}))
    groups = read_groups(previous)
    here = (about["database"], about["data"])
    rerun = {group for group, figures in measured.items() if figures.results}
    floor = measured[FLOOR].results
    # Each group keeps the floor of its own run, whether or not that floor is the report's.
    own_floor = {name: floor[name]["value"] for name in FLOOR_FIGURES if name in floor}
    replace_floor = _floor_replaced(groups, rerun, here)
    for group, figures in measured.items():
        if group not in rerun:
            # Nothing measured (the audit group off PostgreSQL): earlier figures stay.
            if group not in groups:
                notes.update(figures.notes)
            continue
        if group == FLOOR and not replace_floor:
            continue
        # An old-format record does not list its figures: the new ones overwrite them by name.
        for name in groups.get(group, {}).get("figures", ()):
            results.pop(name, None)
        results.update(figures.results)
        notes.update(figures.notes)
        groups[group] = {
            "when": now,
            "database": about["database"],
            "data": about["data"],
            "floor": own_floor,
            "figures": list(figures.results),
        }
    report = {
        "tier": tier,
        "when": now,
        "results": results,
        # Beyond the contract: each group's run and figures, how they were measured, the machine.
        "groups": groups,
        "notes": notes,
        "machine": about,
    }
    json_path.write_text(json.dumps(report, indent=2, ensure_ascii=False) + "\n")
    text = markdown(report)
    md_path.write_text(text)
    return text


def markdown(report: dict) -> str:
    def cell(value: object) -> str:
        return "—" if value is None else f"{value:g}" if isinstance(value, float) else str(value)

    def data_cell(data: dict | None) -> str:
        if not data:
            return "—"
        return f"generator {data['generator_version']}, seed {data['seed']}, {data['generated_at']}"

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
        "The floor's own figures are those of the run that measured the `floor` group below.",
        "Times are taken in process with Django's test client: the full middleware stack, view,",
        "queries and template, without an HTTP server or network.",
        "",
        "## What was measured",
        "",
        *(f"- **{name}**: {note}" for name, note in sorted(report["notes"].items())),
        "",
        "## Where each group was measured",
        "",
        "| group | measured | database | data | floor p95 (ms) |",
        "|---|---|---|---|---:|",
        *(
            f"| `{group}` | {record['when']} | {record['database']} | {data_cell(record['data'])} "
            f"| {cell(record.get('floor', {}).get('floor_view_p95_ms'))} |"
            for group, record in sorted(read_groups(report).items())
        ),
        "",
        "## Machine and data of the last run",
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
