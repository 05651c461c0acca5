"""Structured logs: one line per request and per task, each line carrying its request id or task id.

`LOG_FORMAT=json` (production's default) writes one JSON object per line, ready for journald,
Loki or any log shipper; `plain` (local) writes the same fields as text. Request lines name the
route (`candidates:detail`), never the raw path or query string, so a signed link's token, a
search for a person's name or an email address never reach the logs; the user appears only as
an id.
"""
import contextvars
import logging
import re
import time
import uuid

from pythonjsonlogger.json import JsonFormatter

from . import metrics

request_id_var = contextvars.ContextVar("request_id", default="")
task_id_var = contextvars.ContextVar("task_id", default="")

# An id a proxy in front of us set; anything else is replaced by our own.
_GOOD_ID = re.compile(r"[A-Za-z0-9._-]{8,64}")
REQUEST_ID_HEADER = "X-Request-ID"
request_logger = logging.getLogger("nurture.request")
task_logger = logging.getLogger("nurture.task")


class ContextFilter(logging.Filter):
    """Adds the current request id and task id to every record (empty outside one)."""

    def filter(self, record: logging.LogRecord) -> bool:
        record.request_id = request_id_var.get()
        record.task_id = task_id_var.get()
        return True


def json_formatter() -> JsonFormatter:
    return JsonFormatter(
        "{asctime}{levelname}{name}{message}{request_id}{task_id}", style="{",
        rename_fields={"asctime": "time", "levelname": "level", "name": "logger"},
    )


def request_id_from(header: str | None) -> str:
    return header if header and _GOOD_ID.fullmatch(header) else uuid.uuid4().hex


class RequestLogMiddleware:
    """First in the stack: gives the request its id, and logs one line when the response is ready."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        request_id = request_id_from(request.headers.get(REQUEST_ID_HEADER))
        token = request_id_var.set(request_id)
        started = time.perf_counter()
        try:
            response = self.get_response(request)
            response[REQUEST_ID_HEADER] = request_id
            request_line(request, response.status_code, time.perf_counter() - started)
            return response
        finally:
            request_id_var.reset(token)


def route_name(request) -> str:
    match = getattr(request, "resolver_match", None)
    return match.view_name if match else "unresolved"


def request_line(request, status: int, seconds: float) -> None:
    user = getattr(request, "user", None)
    route = route_name(request)
    metrics.request_observed(method=request.method, status=status, route=route, seconds=seconds)
    request_logger.info(
        "%s %s %s", request.method, route, status,
        extra={"method": request.method, "route": route, "status": status,
               "duration_ms": round(seconds * 1000, 1),
               "user_id": user.pk if user is not None and user.is_authenticated else None},
    )
