from django.apps import AppConfig
from django.db.backends.signals import connection_created


class AuditConfig(AppConfig):
    name = "trama.audit"
    label = "audit"

    def ready(self) -> None:
        from trama.audit.guard import register_sqlite_function
        from trama.audit.receivers import log_state_change, log_state_changes
        from trama.core.workflow import state_changed, states_changed

        connection_created.connect(register_sqlite_function, dispatch_uid="trama_audit_guard")
        state_changed.connect(log_state_change, dispatch_uid="trama_audit_state_changed")
        states_changed.connect(log_state_changes, dispatch_uid="trama_audit_states_changed")
