"""Logs as JSON lines (production): one object a line, on stdout, for the log collector.

Each line has `time` (ISO 8601, UTC), `level`, `logger`, `message`, and `request_id` when the
record knows its request (Django's request loggers pass it; the reverse proxy sets the
`X-Request-ID` header) or the caller passed `extra={"request_id": ...}`. An exception adds
`exception` (the formatted traceback). No personal data is added here: only what the message
itself says.
"""

from __future__ import annotations

import json
import logging
from datetime import UTC, datetime


class JsonFormatter(logging.Formatter):
    def format(self, record: logging.LogRecord) -> str:
        entry = {
            "time": datetime.fromtimestamp(record.created, tz=UTC).isoformat(
                timespec="milliseconds"
            ),
            "level": record.levelname,
            "logger": record.name,
            "message": record.getMessage(),
        }
        request_id = getattr(record, "request_id", None)
        if request_id is None:
            request = getattr(record, "request", None)
            meta = getattr(request, "META", None)
            if isinstance(meta, dict):
                request_id = meta.get("HTTP_X_REQUEST_ID")
        if request_id:
            entry["request_id"] = str(request_id)
        if record.exc_info:
            entry["exception"] = self.formatException(record.exc_info)
        return json.dumps(entry, ensure_ascii=False, default=str)
