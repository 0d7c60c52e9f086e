"""JSON log lines on stdout: time, level, msg, plus fields (the same shape as Go's slog)."""

import datetime
import json
import sys
import threading


class Logger:
    def __init__(self, stream=None):
        # Bytes, not text: a container's stdout encoding must not decide whether non-ASCII logs.
        self._stream = stream if stream is not None else sys.stdout.buffer
        self._lock = threading.Lock()

    def log(self, level, msg, **fields):
        now = datetime.datetime.now(datetime.timezone.utc)
        record = {"time": now.isoformat(timespec="milliseconds").replace("+00:00", "Z"), "level": level, "msg": msg}
        record.update(fields)
        line = json.dumps(record, ensure_ascii=False, separators=(",", ":"), default=str) + "\n"
        with self._lock:
            try:
                self._stream.write(line.encode("utf-8", "backslashreplace"))
                self._stream.flush()  # one line per write, visible at once even when piped
            except (OSError, ValueError):
                pass  # a closed stdout must not take the service down (Go's slog ignores it too)

    def info(self, msg, **fields):
        self.log("INFO", msg, **fields)

    def warn(self, msg, **fields):
        self.log("WARN", msg, **fields)

    def error(self, msg, **fields):
        self.log("ERROR", msg, **fields)
