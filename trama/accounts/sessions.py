"""How long a back-office session lasts (decision 0020).

Every session has an absolute lifetime from the log-in (TRAMA_SESSION_ABSOLUTE_HOURS) and an
idle timeout since the last request: TRAMA_SESSION_IDLE_MINUTES for the roles that read
people's data (`SHORT_SESSION_ROLES`), TRAMA_SESSION_IDLE_MINUTES_OTHER_ROLES for the others.
The sessions of those roles also end when the browser is closed. The times are kept in the
session itself (seconds since the epoch); `SessionTimeoutMiddleware` applies them.
API requests authenticated by a token carry no session and are not affected.
"""

from __future__ import annotations

from enum import StrEnum
from typing import TYPE_CHECKING

from django.conf import settings
from django.contrib.sessions.backends.base import SessionBase
from django.http import HttpRequest
from django.utils import timezone

from trama.accounts.roles import SHORT_SESSION_ROLES

if TYPE_CHECKING:
    from trama.accounts.models import User

LOGIN_AT = "trama_login_at"
SEEN_AT = "trama_seen_at"
# The last-seen time is rewritten at most once a minute, not on every request.
ACTIVITY_RESOLUTION_SECONDS = 60


class SessionEnd(StrEnum):
    IDLE = "idle"
    ABSOLUTE = "absolute"


def _now() -> int:
    return int(timezone.now().timestamp())


def session_is_short(user: User) -> bool:
    return user.has_any_role(*SHORT_SESSION_ROLES)


def session_limits(user: User) -> tuple[int, int]:
    """(idle, absolute) lifetime in seconds of this user's sessions."""
    idle_minutes = (
        settings.TRAMA_SESSION_IDLE_MINUTES
        if session_is_short(user)
        else settings.TRAMA_SESSION_IDLE_MINUTES_OTHER_ROLES
    )
    return idle_minutes * 60, settings.TRAMA_SESSION_ABSOLUTE_HOURS * 3600


def session_start(session: SessionBase, user: User) -> None:
    """Stamp a new log-in (called on `user_logged_in`); short sessions end with the browser."""
    now = _now()
    session[LOGIN_AT] = now
    session[SEEN_AT] = now
    if session_is_short(user):
        session.set_expiry(0)


def session_check(request: HttpRequest) -> SessionEnd | None:
    """Why the authenticated request's session has ended, or None (and then note the
    activity). A session without a stamp (logged in before this policy) starts now."""
    session = request.session
    login_at = session.get(LOGIN_AT)
    if login_at is None:
        session_start(session, request.user)
        return None
    now = _now()
    idle, absolute = session_limits(request.user)
    if now - login_at >= absolute:
        return SessionEnd.ABSOLUTE
    seen_at = session.get(SEEN_AT, login_at)
    if now - seen_at >= idle:
        return SessionEnd.IDLE
    if now - seen_at >= ACTIVITY_RESOLUTION_SECONDS:
        session[SEEN_AT] = now
    if session_is_short(request.user) and not session.get_expire_at_browser_close():
        session.set_expiry(0)  # a role that reads people's data was granted meanwhile
    return None
