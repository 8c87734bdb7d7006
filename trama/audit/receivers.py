"""What other parts of Trama announce and the access log records."""

from trama.audit.models import Action
from trama.audit.services import access_log_append, access_log_append_many


def log_state_change(sender, *, instance, actor, details, object_repr, **_kwargs) -> None:
    """Every move of a workflow (trama.core.workflow.move) is an UPDATE entry."""
    access_log_append(
        actor=actor,
        action=Action.UPDATE,
        obj=instance,
        object_repr=object_repr or "",
        details=details,
    )


def log_state_changes(sender, *, actor, moves, **_kwargs) -> None:
    """A bulk move (trama.core.workflow.move_many): one UPDATE entry per record."""
    access_log_append_many(actor=actor, action=Action.UPDATE, objects=moves)
