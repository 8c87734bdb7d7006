"""Production counts the password-reset limits in a cache its workers share (decision 0020):
a per-process cache would multiply every limit by the number of gunicorn workers."""

from tests.test_production import _manage

SHOW_CACHE = (
    "from django.conf import settings; c = settings.CACHES['default']; "
    "print(c['BACKEND']); print(c['LOCATION'])"
)


def _printed(result) -> list[str]:
    """The two lines printed, after the JSON log lines the shell writes on stdout."""
    return result.stdout.strip().splitlines()[-2:]


def test_production_cache_is_shared_by_the_workers_of_a_machine():
    result = _manage("shell", "-c", SHOW_CACHE)
    assert result.returncode == 0, result.stderr
    backend, location = _printed(result)
    assert backend == "django.core.cache.backends.filebased.FileBasedCache"
    assert location.endswith("var/cache")


def test_production_cache_can_be_the_database_for_several_machines():
    result = _manage(
        "shell",
        "-c",
        SHOW_CACHE,
        DJANGO_CACHE_BACKEND="django.core.cache.backends.db.DatabaseCache",
        DJANGO_CACHE_LOCATION="trama_cache",
    )
    assert result.returncode == 0, result.stderr
    assert _printed(result) == ["django.core.cache.backends.db.DatabaseCache", "trama_cache"]
