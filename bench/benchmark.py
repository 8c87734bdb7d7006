"""The measurements of `make bench` (imported by bench/run.py once Django is configured)."""

import math
import random
import resource
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from urllib.parse import urlencode

from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from bench.generate import BENCH_USERNAME, SEED, prepare, row_counts
from bench.report import Entry, entry, machine, write_report
from trama.accounts.models import User
from trama.organizations.models import Organization, OrganizationKind
from trama.organizations.selectors import OrganizationFilters, organization_list
from trama.projects.models import Project
from trama.territory.models import Municipality

WARMUP_REQUESTS = 30
PAGE_P95_TARGET_MS = 150.0
# A fixed ceiling catches an N+1 within one run; the tests hold the count constant across sizes.
PAGE_QUERY_BUDGET = 15
MEMORY_TARGET_MIB = 2048.0
PAGE_SIZE = 25
# A word many organisation names share ("Associazione …"), as an operator would type it.
SEARCH_WORD = "associazione"
COLLEGNO_ISTAT = "001090"


def percentile(samples: list[float], q: float) -> float:
    """Nearest rank: the smallest sample with at least q % of the samples at or below it."""
    ordered = sorted(samples)
    return ordered[max(0, math.ceil(q / 100 * len(ordered)) - 1)]


@dataclass
class Page:
    """One page, requested over `urls` in turn."""

    name: str
    urls: list[str]
    note: str
    timings_ms: list[float] = field(default_factory=list)
    queries: int = 0

    @property
    def p50(self) -> float:
        return percentile(self.timings_ms, 50)

    @property
    def p95(self) -> float:
        return percentile(self.timings_ms, 95)


def measure(client: Client, page: Page, requests: int) -> Page:
    def get(url: str) -> None:
        response = client.get(url)
        if response.status_code != 200:
            raise SystemExit(f"GET {url} answered {response.status_code}: the benchmark needs 200.")

    for i in range(WARMUP_REQUESTS):
        get(page.urls[i % len(page.urls)])
    for url in page.urls[:10]:
        with CaptureQueriesContext(connection) as captured:
            get(url)
        page.queries = max(page.queries, len(captured.captured_queries))
    for i in range(requests):
        url = page.urls[i % len(page.urls)]
        started = time.perf_counter_ns()
        get(url)
        page.timings_ms.append((time.perf_counter_ns() - started) / 1e6)
    page.note += f"; {requests} timed requests after {WARMUP_REQUESTS} warm-up"
    return page


# --- the pages --------------------------------------------------------------------------------


def floor_page() -> Page:
    return Page(
        "floor_view", [reverse("healthz")], "GET /healthz: plain text, no session, no query"
    )


def org_list_pages(operator: User, requests: int) -> tuple[Page, Page]:
    """The list with the filters an operator uses most, and the whole list page by page."""
    collegno = Municipality.objects.get(istat_code=COLLEGNO_ISTAT)
    params = {"q": SEARCH_WORD, "kind": OrganizationKind.ETS, "municipality": collegno.pk}
    found = organization_list(
        user=operator,
        filters=OrganizationFilters(
            search=SEARCH_WORD, kind=OrganizationKind.ETS, municipality_id=collegno.pk
        ),
    ).count()
    url = f"{reverse('organizations:list')}?{urlencode(params)}"
    filtered = Page(
        "org_list",
        [url],
        f"GET {url}: search, kind and municipality ({collegno.name}), {found} matches, page 1",
    )
    last = math.ceil(Organization.objects.count() / PAGE_SIZE)
    numbers = range(1, last + 1)
    if last > requests:
        numbers = sorted(random.Random(SEED).sample(numbers, requests))
    urls = [f"{reverse('organizations:list')}?page={n}" for n in numbers]
    unfiltered = Page(
        "org_list_unfiltered",
        urls,
        f"GET {urls[0]} … ?page={last}: {len(urls)} of the {last} pages in turn",
    )
    return filtered, unfiltered


def org_detail_page(requests: int) -> Page:
    pks = list(Organization.objects.order_by("pk").values_list("pk", flat=True))
    chosen = random.Random(SEED).sample(pks, min(len(pks), requests))
    urls = [reverse("organizations:detail", kwargs={"pk": pk}) for pk in chosen]
    example = urls[0].rsplit("/", 2)[0]
    return Page("org_detail", urls, f"GET {example}/<pk>/ over {len(urls)} organisations")


def project_page() -> Page:
    slugs = Project.objects.filter(is_public=True).order_by("slug").values_list("slug", flat=True)
    urls = [reverse("public:project_detail", kwargs={"slug": slug}) for slug in slugs]
    return Page(
        "project_page",
        urls,
        f"GET the public page of each of the {len(urls)} public projects, anonymous",
    )


# --- the run ----------------------------------------------------------------------------------


def page_entries(page: Page, floor: Page) -> dict[str, Entry]:
    return {
        f"{page.name}_p50_ms": entry(
            page.p50, "ms", "informational (the target is on p95)", baseline=floor.p50
        ),
        f"{page.name}_p95_ms": entry(
            page.p95,
            "ms",
            f"≤ {PAGE_P95_TARGET_MS:g} ms (DESIGN §6, operator pages), in process",
            page.p95 <= PAGE_P95_TARGET_MS,
            baseline=floor.p95,
        ),
        f"{page.name}_queries": entry(
            page.queries,
            "count",
            f"≤ {PAGE_QUERY_BUDGET}; same at any data size (tests/test_query_counts.py)",
            page.queries <= PAGE_QUERY_BUDGET,
        ),
    }


def run(tier: str, groups: tuple[str, ...], requests: int) -> str:
    """Measure `groups` (the floor always first) and write the report; returns its Markdown."""
    preparation = prepare(tier)
    operator_user = User.objects.get(username=BENCH_USERNAME)
    operator = Client()
    operator.force_login(operator_user)
    visitor = Client()

    floor = measure(visitor, floor_page(), requests)
    results = {
        "floor_view_p50_ms": entry(floor.p50, "ms", "the pages' baseline: no target"),
        "floor_view_p95_ms": entry(floor.p95, "ms", "the pages' baseline: no target"),
    }
    notes = {floor.name: floor.note}

    def record(client: Client, page: Page) -> Page:
        measure(client, page, requests)
        results.update(page_entries(page, floor))
        notes[page.name] = page.note
        return page

    def org_list() -> None:
        filtered, unfiltered = org_list_pages(operator_user, requests)
        record(operator, filtered)
        results["org_list_p95_ratio_to_floor"] = entry(
            filtered.p95 / floor.p95, "ratio", "informational: the filtered list's p95 in floors"
        )
        record(operator, unfiltered)

    steps: dict[str, Callable[[], object]] = {
        "org_list": org_list,
        "org_detail": lambda: record(operator, org_detail_page(requests)),
        "project_page": lambda: record(visitor, project_page()),
    }
    for group in groups:
        if group != "floor":
            steps[group]()

    peak_mib = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    results["bench_peak_rss_mib"] = entry(
        peak_mib,
        "MiB",
        f"≤ {MEMORY_TARGET_MIB:g} MiB (DESIGN §6); peak of the run, generation included if it ran",
        peak_mib <= MEMORY_TARGET_MIB,
    )
    about = machine(tier, row_counts(), preparation.state)
    return write_report(tier, results, groups, notes, about)
