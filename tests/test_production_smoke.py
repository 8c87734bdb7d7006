"""The pages under the production static storage (manifest after `collectstatic`, DEBUG off):
a page that names a static file that is not shipped fails here, as it would answer 500 in
production; unknown URLs answer Trama's own 404, forged forms its own CSRF page."""

import pytest
from django.core.management import call_command
from django.template import engines
from django.urls import reverse

from conftest import IDENTITIES, sign_in
from tests.test_permission_walk import CASES

MANIFEST_STORAGE = "django.contrib.staticfiles.storage.ManifestStaticFilesStorage"
PAGES = [case for case in CASES if case.method == "get" and not case.api]


@pytest.fixture(scope="session")
def collected_static(tmp_path_factory, django_db_blocker):
    root = tmp_path_factory.mktemp("static")
    from django.test import override_settings

    with override_settings(
        STATIC_ROOT=root,
        STORAGES={
            "default": {"BACKEND": "django.core.files.storage.InMemoryStorage"},
            "staticfiles": {"BACKEND": MANIFEST_STORAGE},
        },
    ):
        call_command("collectstatic", interactive=False, verbosity=0)
    return root


@pytest.fixture
def production_static(settings, collected_static):
    settings.DEBUG = False
    settings.STATIC_ROOT = collected_static
    settings.STORAGES = {
        "default": {"BACKEND": "django.core.files.storage.InMemoryStorage"},
        "staticfiles": {"BACKEND": MANIFEST_STORAGE},
    }
    settings.WHITENOISE_USE_FINDERS = False
    settings.WHITENOISE_AUTOREFRESH = False


@pytest.mark.parametrize(
    "case", PAGES, ids=lambda c: f"{c.url_name}{'-' + c.note if c.note else ''}"
)
def test_every_page_renders_under_the_production_storage(case, world, client, production_static):
    url = reverse(case.url_name, kwargs=case.kwargs(world))
    failures = []
    for identity in IDENTITIES:
        sign_in(client, world, identity)
        response = client.get(url, case.data(world))
        if response.status_code >= 500:
            failures.append(f"{identity}: {response.status_code}")
    assert not failures, f"GET {url}\n" + "\n".join(failures)


@pytest.mark.parametrize("identity", IDENTITIES)
def test_an_unknown_url_is_trama_s_own_404(identity, world, client, production_static):
    sign_in(client, world, identity)
    response = client.get("/questa-pagina-non-esiste/")
    assert response.status_code == 404
    content = response.content.decode()
    assert "Pagina non trovata" in content and 'lang="it"' in content
    assert "Torna alla pagina iniziale" in content


def test_the_404_is_in_english_under_en(world, client, production_static):
    response = client.get("/en/this-page-does-not-exist/")
    assert response.status_code == 404
    assert "Page not found" in response.content.decode()


def test_a_form_without_its_token_gets_trama_s_csrf_page(world, production_static):
    from django.test import Client

    response = Client(enforce_csrf_checks=True).post(reverse("accounts:login"), {})
    assert response.status_code == 403
    assert "Non è stato possibile inviare il modulo" in response.content.decode()


def test_the_500_page_needs_no_context_nor_static_files():
    html = engines["django"].get_template("500.html").render({})
    assert "Si è verificato un errore" in html and "Something went wrong" in html
    assert "/static/" not in html and "http" not in html


def test_a_missing_static_file_fails_the_smoke_pass(production_static):
    template = engines["django"].from_string("{% load static %}{% static 'trama/non-esiste.css' %}")
    with pytest.raises(ValueError, match="Missing staticfiles manifest entry"):
        template.render({})
