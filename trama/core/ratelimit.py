"""Counting requests in fixed windows, in Django's cache (shared by every process that shares
the cache: see CACHES in config/settings and docs/deploy.md).

`rate_limit_hit` counts one request for a key and says whether it went over the limit. Keys
are hashed, so the cache never holds the e-mail address or other identifier it counts.
"""

from __future__ import annotations

import hashlib

from django.core.cache import cache

KEY_PREFIX = "trama:ratelimit"


def rate_limit_key(scope: str, identifier: str) -> str:
    digest = hashlib.sha256(identifier.encode("utf-8")).hexdigest()
    return f"{KEY_PREFIX}:{scope}:{digest}"


def rate_limit_hit(*, scope: str, identifier: str, limit: int, window_seconds: int) -> bool:
    """Count one request of `identifier` in `scope`; True when this one is over `limit` in the
    current window (which starts at the first counted request and lasts `window_seconds`)."""
    key = rate_limit_key(scope, identifier)
    cache.add(key, 0, timeout=window_seconds)
    try:
        count = cache.incr(key)
    except ValueError:  # the window ended between add and incr
        cache.set(key, 1, timeout=window_seconds)
        count = 1
    return count > limit
