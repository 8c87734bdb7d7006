"""`make bench`: the benchmark of DESIGN.md §6.

    python bench/run.py [--tier S|M] [--only GROUP]

Builds (or reuses) the tier's data in its own database — `bench/data/bench-<tier>.sqlite3`, or
the PostgreSQL database named by BENCH_DATABASE_URL — then times the pages in process with
Django's test client, together with the floor (`/healthz`, the cheapest view Django serves) in
the same run, so the ratio to the floor means the same on any machine. Writes
`bench/report.json` and `bench/report.md` (tier S) or `bench/report-M.json` and
`bench/report-M.md` (tier M). A run of one group updates that group's figures (and the floor's,
unless figures kept from another database or other data were measured against it) and keeps the
others, each with the database and data it was measured on.
"""

import argparse
import os
import sys
from pathlib import Path

BENCH_DIR = Path(__file__).resolve().parent
DATA_DIR = BENCH_DIR / "data"
GROUPS = (
    "floor",
    "org_list",
    "org_detail",
    "project_page",
    "person_list",
    "person_detail",
    "hub_dashboard",
    "eligibility",
    "calls",
    "housing",
    "audit",
)
MIN_REQUESTS = 200


def configure_django(tier: str) -> None:
    """Point Django at the tier's database; runs before anything imports a model."""
    sys.path.insert(0, str(BENCH_DIR.parent))
    (DATA_DIR / "static").mkdir(parents=True, exist_ok=True)
    sqlite_url = f"sqlite:///{DATA_DIR / f'bench-{tier}.sqlite3'}"
    os.environ["DATABASE_URL"] = os.environ.get("BENCH_DATABASE_URL") or sqlite_url
    os.environ["DJANGO_SETTINGS_MODULE"] = "bench.settings"
    import django

    django.setup()


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--tier", choices=("S", "M"), default="S")
    parser.add_argument("--only", choices=GROUPS, help="measure one group (and the floor)")
    parser.add_argument(
        "--requests",
        type=int,
        default=MIN_REQUESTS,
        help=f"timed requests per page (at least {MIN_REQUESTS})",
    )
    args = parser.parse_args()
    if args.requests < MIN_REQUESTS:
        parser.error(f"--requests must be at least {MIN_REQUESTS}")
    configure_django(args.tier)
    from bench.benchmark import run

    # The floor is the pages' baseline: every run measures it.
    groups = GROUPS if args.only is None else tuple(g for g in GROUPS if g in ("floor", args.only))
    print(run(args.tier, groups, args.requests))


if __name__ == "__main__":
    main()
