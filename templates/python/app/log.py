"""JSON log lines on stdout, one schema in every language: time, level, msg, then snake_case fields."""

import datetime
import json
import logging
import sys
import threading

# The names every generated service writes, lowest first. LOG_LEVEL takes one of them.
LEVELS = ("debug", "info", "warn", "error")
_FROM_LOGGING = {logging.DEBUG: "debug", logging.INFO: "info", logging.WARNING: "warn", logging.ERROR: "error"}


def _number(value):
    # A whole float as Go and Node write it (20, not 20.0): the same text in every language's logs.
    if isinstance(value, float) and value.is_integer() and abs(value) < 2**53:
        return int(value)
    return value


class Logger:
    def __init__(self, stream=None, level="info"):
        # Bytes, not text: a container's stdout encoding must not decide whether non-ASCII logs.
        self._stream = stream if stream is not None else sys.stdout.buffer
        self._min = LEVELS.index(level)
        # Reentrant: a signal handler runs on the main thread, possibly while it holds the lock.
        self._lock = threading.RLock()

    def enabled(self, level):
        return LEVELS.index(level) >= self._min

    def log(self, level, msg, **fields):
        if not self.enabled(level):
            return
        now = datetime.datetime.now(datetime.timezone.utc)
        record = {"time": now.isoformat(timespec="milliseconds").replace("+00:00", "Z"), "level": level, "msg": msg}
        record.update({key: _number(value) for key, value in fields.items()})
        line = json.dumps(record, ensure_ascii=False, separators=(",", ":"), default=str) + "\n"
        with self._lock:
            try:
                self._stream.write(line.encode("utf-8", "backslashreplace"))
                self._stream.flush()  # one line per write, visible at once even when piped
            except (OSError, ValueError):
                pass  # a closed stdout must not take the service down (Go's slog ignores it too)

    def debug(self, msg, **fields):
        self.log("debug", msg, **fields)

    def info(self, msg, **fields):
        self.log("info", msg, **fields)

    def warn(self, msg, **fields):
        self.log("warn", msg, **fields)

    def error(self, msg, **fields):
        self.log("error", msg, **fields)


class Bridge(logging.Handler):
    """Writes records of the standard logging module (uvicorn's) in the same schema."""

    def __init__(self, logger):
        super().__init__()
        self._logger = logger

    def emit(self, record):
        level = _FROM_LOGGING.get(record.levelno, "error" if record.levelno > logging.ERROR else "debug")
        fields = {"logger": record.name}
        if record.exc_info and record.exc_info[1] is not None:
            fields["error"] = self.formatter_or_default().formatException(record.exc_info)
        try:
            msg = record.getMessage()
        except (TypeError, ValueError):
            msg = str(record.msg)
        self._logger.log(level, msg, **fields)

    def formatter_or_default(self):
        return self.formatter or logging.Formatter()


def route_std_logging(logger):
    """Send uvicorn's own records through logger; below warn only when LOG_LEVEL=debug."""
    for name in ("uvicorn", "uvicorn.error", "uvicorn.asgi"):
        std = logging.getLogger(name)
        std.handlers[:] = [Bridge(logger)]
        std.propagate = False
        std.setLevel(logging.DEBUG if logger.enabled("debug") else logging.WARNING)
    # The access log is ours (one line per request with route and duration); uvicorn's is off.
    logging.getLogger("uvicorn.access").disabled = True
