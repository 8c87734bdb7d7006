"""Log-ins and failed log-ins go to the access log. Django only reports them through its auth
signals, so this is the one place where a signal receiver writes: it audits, and stamps the
new session's start (trama/accounts/sessions.py) for every kind of log-in."""

from django.contrib.auth.signals import user_logged_in, user_logged_out, user_login_failed
from django.dispatch import receiver

from trama.accounts.sessions import session_start
from trama.audit.models import Action
from trama.audit.services import access_log_append


@receiver(user_logged_in)
def _logged_in(sender, request, user, **kwargs):
    if request is not None and hasattr(request, "session"):
        session_start(request.session, user)
    access_log_append(actor=user, action=Action.LOGIN, obj=user)


@receiver(user_logged_out)
def _logged_out(sender, request, user, **kwargs):
    if user is not None:
        # A session ended by its timeout says so (trama/accounts/middleware.py).
        reason = getattr(request, "trama_logout_reason", None)
        access_log_append(
            actor=user,
            action=Action.LOGOUT,
            obj=user,
            details={"reason": reason} if reason else None,
        )


@receiver(user_login_failed)
def _login_failed(sender, credentials, request=None, **kwargs):
    access_log_append(
        actor=None,
        action=Action.LOGIN_FAILED,
        object_type="accounts.user",
        object_repr=str(credentials.get("username", ""))[:150],
    )
