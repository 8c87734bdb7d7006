"""Where the current request came from, for the access log (set by the middleware)."""

from contextvars import ContextVar

client_address: ContextVar[str] = ContextVar("client_address", default="")
