"""Who reads the access log. Roles by value: audit sits below accounts."""

from trama.core.policy import capability

READ_LOG = capability("audit.read_log", "reads the access log", ("dpo", "admin"))
