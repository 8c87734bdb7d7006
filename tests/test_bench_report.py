"""bench/report.py keeps each group's figures with the database and data they were measured on."""

import json

import pytest

from bench import report
from bench.report import Figures, entry, write_report

SQLITE_DATA = {
    "generator_version": 2,
    "seed": 1,
    "tier": "S",
    "generated_at": "2026-01-01",
    "seconds": 1.0,
}
POSTGRES_DATA = {**SQLITE_DATA, "generated_at": "2026-02-01"}


def about(database: str, data: dict) -> dict:
    return {
        "tier": "S",
        "cpu": "test cpu",
        "cores": 2,
        "python": "3.11",
        "system": "test",
        "database": database,
        "data": data,
        "rows": {"persons": 10},
    }


def floor(p95: float) -> Figures:
    return Figures(
        {
            "floor_view_p50_ms": entry(p95 / 2, "ms", "no target"),
            "floor_view_p95_ms": entry(p95, "ms", "no target"),
            "bench_peak_rss_mib": entry(90.0, "MiB", "≤ 2048 MiB"),
        },
        {"floor_view": "GET /healthz"},
    )


def page_group(p95: float, floor_p95: float, *, extra: bool = False) -> Figures:
    results = {"a_p95_ms": entry(p95, "ms", "≤ 150 ms", baseline=floor_p95)}
    if extra:
        results["a_old_ms"] = entry(1.0, "ms", "informational")
    return Figures(results, {"a": f"page A at {p95}"})


def audit_group(rps: float) -> Figures:
    return Figures({"audit_append_rps": entry(rps, "count", "16 writers")}, {"audit_append": "16"})


@pytest.fixture
def bench_dir(tmp_path, monkeypatch):
    monkeypatch.setattr(report, "BENCH_DIR", tmp_path)
    return tmp_path


def read(bench_dir) -> dict:
    return json.loads((bench_dir / "report.json").read_text())


def test_a_postgresql_run_of_one_group_keeps_the_sqlite_figures_and_floor(bench_dir):
    write_report(
        "S", {"a": page_group(20.0, 0.3), "floor": floor(0.3)}, about("SQLite 3", SQLITE_DATA)
    )
    text = write_report(
        "S",
        {"audit": audit_group(500.0), "floor": floor(5.0)},
        about("PostgreSQL 15", POSTGRES_DATA),
    )
    saved = read(bench_dir)
    assert saved["results"]["a_p95_ms"]["value"] == 20.0
    assert saved["results"]["a_p95_ms"]["ratio"] == round(20.0 / 0.3, 2)
    assert saved["results"]["audit_append_rps"]["value"] == 500.0
    # The SQLite page's ratio was computed against the SQLite floor: that floor stays.
    assert saved["results"]["floor_view_p95_ms"]["value"] == 0.3
    assert saved["groups"]["floor"]["database"] == "SQLite 3"
    assert saved["groups"]["a"]["database"] == "SQLite 3"
    assert saved["groups"]["audit"]["database"] == "PostgreSQL 15"
    assert saved["groups"]["audit"]["data"] == POSTGRES_DATA
    assert saved["groups"]["audit"]["floor"]["floor_view_p95_ms"] == 5.0
    assert "| `audit` |" in text and "| PostgreSQL 15 |" in text
    assert "| `a` |" in text and "| SQLite 3 |" in text


def test_rerunning_a_group_on_other_data_replaces_only_its_figures(bench_dir):
    write_report(
        "S",
        {"a": page_group(20.0, 0.3, extra=True), "floor": floor(0.3)},
        about("SQLite 3", SQLITE_DATA),
    )
    write_report(
        "S",
        {"audit": audit_group(500.0), "floor": floor(5.0)},
        about("PostgreSQL 15", POSTGRES_DATA),
    )
    other_data = {**SQLITE_DATA, "generated_at": "2026-03-01"}
    write_report(
        "S", {"a": page_group(30.0, 0.4), "floor": floor(0.4)}, about("SQLite 3", other_data)
    )
    saved = read(bench_dir)
    assert saved["results"]["a_p95_ms"]["value"] == 30.0
    assert "a_old_ms" not in saved["results"]  # measured on the old data only: dropped
    assert saved["groups"]["a"]["data"] == other_data
    assert saved["notes"]["a"] == "page A at 30.0"
    assert saved["results"]["audit_append_rps"]["value"] == 500.0
    # No figure kept was measured against the first floor any more: the new one replaces it.
    assert saved["results"]["floor_view_p95_ms"]["value"] == 0.4
    assert saved["groups"]["floor"]["data"] == other_data


def test_a_group_that_measured_nothing_keeps_its_earlier_figures(bench_dir):
    write_report(
        "S",
        {"audit": audit_group(500.0), "floor": floor(5.0)},
        about("PostgreSQL 15", POSTGRES_DATA),
    )
    skipped = Figures({}, {"audit_append": "skipped, it needs PostgreSQL"})
    write_report("S", {"audit": skipped, "floor": floor(0.3)}, about("SQLite 3", SQLITE_DATA))
    saved = read(bench_dir)
    assert saved["results"]["audit_append_rps"]["value"] == 500.0
    assert saved["notes"]["audit_append"] == "16"
    assert saved["groups"]["audit"]["database"] == "PostgreSQL 15"


def test_an_old_format_report_is_read_with_its_machine_database(bench_dir):
    old = {
        "tier": "S",
        "when": "2026-01-01T00:00:00+01:00",
        "results": {
            "floor_view_p95_ms": entry(0.3, "ms", "no target"),
            "a_p95_ms": entry(20.0, "ms", "≤ 150 ms", baseline=0.3),
        },
        "groups": {"floor": "2026-01-01T00:00:00+01:00", "a": "2026-01-01T00:00:00+01:00"},
        "notes": {"a": "page A"},
        "machine": about("SQLite 3", SQLITE_DATA),
    }
    (bench_dir / "report.json").write_text(json.dumps(old))
    text = write_report(
        "S",
        {"audit": audit_group(500.0), "floor": floor(5.0)},
        about("PostgreSQL 15", POSTGRES_DATA),
    )
    saved = read(bench_dir)
    assert saved["results"]["a_p95_ms"]["value"] == 20.0
    assert saved["results"]["floor_view_p95_ms"]["value"] == 0.3
    assert saved["groups"]["a"] == {
        "when": "2026-01-01T00:00:00+01:00",
        "database": "SQLite 3",
        "data": SQLITE_DATA,
    }
    assert "| `a` | 2026-01-01T00:00:00+01:00 | SQLite 3 |" in text
