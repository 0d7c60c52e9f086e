"""Entry point: configuration, signals and exit codes. The server lives in server.py."""

import os
import platform
import signal
import sys
import threading
import time

from .config import ConfigError, load_config
from .log import Logger
from .meta import SERVICE_DESCRIPTION, SERVICE_NAME, SERVICE_OWNER
from .server import Service


def main():
    logger = Logger()
    try:
        config = load_config(os.environ)
    except ConfigError as exc:
        logger.error("invalid configuration", error=str(exc))
        return 2

    stop = threading.Event()

    def on_signal(signum, frame):
        if stop.is_set():
            os._exit(1)  # a second signal means "stop now"
        stop.set()

    # Installed explicitly: as PID 1 without an init, the kernel drops signals nobody handles.
    signal.signal(signal.SIGTERM, on_signal)
    signal.signal(signal.SIGINT, on_signal)

    logger.info(
        "starting",
        service=SERVICE_NAME,
        description=SERVICE_DESCRIPTION,
        owner=SERVICE_OWNER,
        port=config.port,
        shutdown_delay_seconds=config.shutdown_delay,
        shutdown_timeout_seconds=config.shutdown_timeout,
        debug_endpoints=config.debug_endpoints,
        python_version=platform.python_version(),
    )
    try:
        service = Service(config, logger)
    except OSError as exc:
        logger.error("cannot listen", error=str(exc))
        return 1
    service.start()
    logger.info("listening", port=service.port)

    # Poll instead of stop.wait(): Event.wait() holds a lock that on_signal's stop.set() needs,
    # and a handler runs on this same thread, so waiting there could deadlock.
    while not stop.is_set():
        time.sleep(0.05)

    code = service.drain()
    if code == 0:
        logger.info("stopped")
        return 0
    logger.error("shutdown timed out, in-flight requests were cut off", timeout_seconds=config.shutdown_timeout)
    sys.stdout.flush()
    # Handler threads are non-daemon; the interpreter would wait for them at exit.
    os._exit(1)

