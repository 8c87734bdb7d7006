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
from django.utils import timezone

from bench.generate import BENCH_USERNAME, SEED, prepare, row_counts
from bench.report import Entry, Figures, entry, machine, write_report
from trama.accounts.models import User
from trama.organizations.models import Organization, OrganizationKind
from trama.organizations.selectors import OrganizationFilters, organization_list
from trama.people import eligibility
from trama.people import selectors as people_selectors
from trama.people.facts import eligible_by_rule
from trama.people.models import Person
from trama.projects.models import Project, ProjectEligibility
from trama.territory.models import Hub, HubKind, Municipality

WARMUP_REQUESTS = 30
PAGE_P95_TARGET_MS = 150.0
# A fixed ceiling catches an N+1 within one run; the tests hold the count constant across sizes.
PAGE_QUERY_BUDGET = 15
# Opening a person's record also appends to the access log: BEGIN, SAVEPOINT, the chain head,
# the entry, the head's update, RELEASE, COMMIT.
AUDITED_PAGE_QUERY_BUDGET = 20
MEMORY_TARGET_MIB = 2048.0
PAGE_SIZE = 25
# A word many organisation names share ("Associazione …"), as an operator would type it.
SEARCH_WORD = "associazione"
COLLEGNO_ISTAT = "001090"
# A common surname, typed as an operator hears it (one "s": the search ignores double letters).
PERSON_SEARCH = "rosi"
ELIGIBILITY_SAMPLE = 2_000
ELIGIBILITY_ALL_TARGET_S = 10.0
ELIGIBILITY_RATIO_TARGET = 50.0
ELIGIBILITY_ONE_TARGET_MS = 50.0


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
    # A POST with this body (a person's record is opened by posting the purpose).
    post: dict[str, str] | None = None
    query_budget: int = PAGE_QUERY_BUDGET

    @property
    def p50(self) -> float:
        return percentile(self.timings_ms, 50)

    @property
    def p95(self) -> float:
        return percentile(self.timings_ms, 95)


def measure(client: Client, page: Page, requests: int) -> Page:
    def get(url: str) -> None:
        response = client.get(url) if page.post is None else client.post(url, page.post)
        if response.status_code != 200:
            method = "GET" if page.post is None else "POST"
            raise SystemExit(
                f"{method} {url} answered {response.status_code}: the benchmark needs 200."
            )

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


def person_list_page() -> Page:
    """The people list as an operator searches it: a name and the municipality."""
    collegno = Municipality.objects.get(istat_code=COLLEGNO_ISTAT)
    params = {"q": PERSON_SEARCH, "municipality": collegno.pk}
    url = f"{reverse('people:list')}?{urlencode(params)}"
    return Page(
        "person_list",
        [url],
        f"GET {url}: name search and municipality ({collegno.name}), page 1, whole consortium",
    )


def person_detail_page(requests: int) -> Page:
    """A person's record: POST of the purpose (follow-up), which opens and logs it."""
    top = Person.objects.order_by("-pk").values_list("pk", flat=True).first() or 0
    rng = random.Random(SEED)
    chosen = sorted({rng.randint(1, top) for _ in range(requests)})
    pks = list(Person.objects.filter(pk__in=chosen).values_list("pk", flat=True))
    urls = [reverse("people:detail", kwargs={"pk": pk}) for pk in pks]
    example = urls[0].rsplit("/", 2)[0]
    return Page(
        "person_detail",
        urls,
        f"POST {example}/<pk>/ purpose=follow_up over {len(urls)} persons: the record, its "
        "households and consents, and the access-log entry",
        post={"purpose": "follow_up"},
        query_budget=AUDITED_PAGE_QUERY_BUDGET,
    )


def hub_dashboard_page() -> Page:
    """The hub dashboard of the busiest Spazio AnCoRe."""
    base = reverse("casework:dashboard")
    hub = (
        Hub.objects.filter(kind=HubKind.ANCORE_SPACE, municipality__istat_code=COLLEGNO_ISTAT)
        .order_by("pk")
        .first()
    )
    people = Person.objects.filter(reference_hub=hub).count()
    url = f"{base}?{urlencode({'hub': hub.pk})}"
    return Page("hub_dashboard", [url], f"GET {url}: {hub.name}, {people:,} people followed")


# --- eligibility ------------------------------------------------------------------------------


def eligibility_entries(operator: User) -> tuple[dict[str, Entry], str]:
    """Every person × every project with rules, set-based (every project's rule over the same
    facts, in one query), against the one-person explained path called for each person of a
    random sample, scaled."""
    on = timezone.localdate()
    stored = list(ProjectEligibility.objects.select_related("project").order_by("project_id"))
    people = Person.objects.filter(anonymized_at__isnull=True)
    everyone = people.count()
    started = time.perf_counter()
    # The sets, unordered: ordering and paging are the outreach page's business.
    chosen = eligible_by_rule(people, {row.project_id: row.as_rule() for row in stored}, on=on)
    found = sum(len(ids) for ids in chosen.values())
    set_based_s = time.perf_counter() - started

    pks = list(people.order_by("pk").values_list("pk", flat=True))
    sample = random.Random(SEED).sample(pks, min(ELIGIBILITY_SAMPLE, len(pks)))
    one_ms = []
    for pk in sample:
        begun = time.perf_counter_ns()
        person = people_selectors.person_get(user=operator, pk=pk)
        eligibility.person_results(person=person, stored=stored, on=on)
        one_ms.append((time.perf_counter_ns() - begun) / 1e6)
    loop_scaled_s = sum(one_ms) / 1000 * everyone / len(sample)
    ratio = loop_scaled_s / set_based_s
    one_p95 = percentile(one_ms, 95)
    entries = {
        "eligibility_all_s": entry(
            set_based_s,
            "s",
            f"≤ {ELIGIBILITY_ALL_TARGET_S:g} s at M (DESIGN §6): every person × every project, "
            "set-based in the database",
            set_based_s <= ELIGIBILITY_ALL_TARGET_S,
        ),
        "eligibility_all_ratio_to_loop": entry(
            ratio,
            "ratio",
            f"≥ {ELIGIBILITY_RATIO_TARGET:g} (DESIGN §6): the loop of one-person results, "
            "scaled to the tier, ÷ the set-based time",
            ratio >= ELIGIBILITY_RATIO_TARGET,
        ),
        "eligibility_one_ms": entry(
            one_p95,
            "ms",
            f"≤ {ELIGIBILITY_ONE_TARGET_MS:g} ms (DESIGN §6): p95 of one person's explained "
            "result, record loaded",
            one_p95 <= ELIGIBILITY_ONE_TARGET_MS,
        ),
    }
    note = (
        f"{everyone:,} persons × {len(stored)} projects with rules, set-based "
        f"(`facts.eligible_by_rule`: one query, the facts computed once): {found:,} "
        f"eligible pairs in {set_based_s:.2f} s. The loop: `selectors.person_get` + "
        f"`eligibility.person_results` for {len(sample):,} persons drawn with the seed, "
        f"{sum(one_ms) / 1000:.2f} s, scaled to {loop_scaled_s:.1f} s for everyone "
        f"(median {percentile(one_ms, 50):.1f} ms, p95 {one_p95:.1f} ms per person)"
    )
    return entries, note


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
            f"≤ {page.query_budget}; same at any data size (tests/test_query_counts.py)",
            page.queries <= page.query_budget,
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

    def pages(client: Client, *measured_pages: Page) -> Figures:
        results: dict[str, Entry] = {}
        for page in measured_pages:
            measure(client, page, requests)
            results.update(page_entries(page, floor))
        return Figures(results, {page.name: page.note for page in measured_pages})

    def org_list() -> Figures:
        filtered, unfiltered = org_list_pages(operator_user, requests)
        figures = pages(operator, filtered, unfiltered)
        figures.results["org_list_p95_ratio_to_floor"] = entry(
            filtered.p95 / floor.p95, "ratio", "informational: the filtered list's p95 in floors"
        )
        return figures

    def eligibility_group() -> Figures:
        entries, note = eligibility_entries(operator_user)
        return Figures(entries, {"eligibility": note})

    def calls_group() -> Figures:
        from bench.calls_bench import calls_entries

        return Figures(*calls_entries(visitor, operator_user, floor, requests))

    def housing_group() -> Figures:
        from bench.housing_bench import housing_entries

        return Figures(*housing_entries(tier, floor, requests))

    def audit_group() -> Figures:
        from bench.audit_bench import audit_entries

        entries, note = audit_entries()
        return Figures(entries, {"audit_append": note})

    steps: dict[str, Callable[[], Figures]] = {
        "org_list": org_list,
        "org_detail": lambda: pages(operator, org_detail_page(requests)),
        "project_page": lambda: pages(visitor, project_page()),
        "person_list": lambda: pages(operator, person_list_page()),
        "person_detail": lambda: pages(operator, person_detail_page(requests)),
        "hub_dashboard": lambda: pages(operator, hub_dashboard_page()),
        "eligibility": eligibility_group,
        "calls": calls_group,  # bench/calls_bench.py
        "housing": housing_group,  # bench/housing_bench.py
        "audit": audit_group,  # bench/audit_bench.py
    }
    measured = {group: steps[group]() for group in groups if group != "floor"}

    peak_mib = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    # The run's own figures: the floor, its pages' baseline, and the run's peak memory.
    measured["floor"] = Figures(
        {
            "floor_view_p50_ms": entry(floor.p50, "ms", "the pages' baseline: no target"),
            "floor_view_p95_ms": entry(floor.p95, "ms", "the pages' baseline: no target"),
            "bench_peak_rss_mib": entry(
                peak_mib,
                "MiB",
                f"≤ {MEMORY_TARGET_MIB:g} MiB (DESIGN §6); peak of the run, generation included "
                "if it ran",
                peak_mib <= MEMORY_TARGET_MIB,
            ),
        },
        {floor.name: floor.note},
    )
    about = machine(tier, row_counts(), preparation.state)
    return write_report(tier, measured, about)
