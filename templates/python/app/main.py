"""Entry point: configuration, logging, exit codes. The server and its drain live in server.py."""

import os
import platform
import sys
import urllib.error
import urllib.request

from .config import ConfigError, load_config
from .log import Logger, route_std_logging
from .meta import SERVICE_DESCRIPTION, SERVICE_NAME, SERVICE_OWNER
from .server import Service


def probe(args):
    """The image's own HTTP client (`python3 -m app probe <url>`), for `helm test` and checks by
    hand: the image has no shell or curl. 0 on a 2xx or 3xx answer, 1 otherwise, 2 on bad usage."""
    if len(args) != 1:
        print("usage: python3 -m app probe <url>", file=sys.stderr)
        return 2
    logger = Logger()
    try:
        with urllib.request.urlopen(args[0], timeout=5) as resp:
            status = resp.status
    except urllib.error.HTTPError as exc:
        status = exc.code
    except (OSError, ValueError) as exc:
        logger.error("probe failed", url=args[0], error=str(exc))
        return 1
    if status >= 400:
        logger.error("probe failed", url=args[0], status=status)
        return 1
    logger.info("probe", url=args[0], status=status)
    return 0


def main():
    if len(sys.argv) > 1 and sys.argv[1] == "probe":
        return probe(sys.argv[2:])
    try:
        config = load_config(os.environ)
    except ConfigError as exc:
        Logger().error("invalid configuration", error=str(exc))
        return 2
    logger = Logger(level=config.log_level)
    route_std_logging(logger)

    logger.info(
        "starting",
        service=SERVICE_NAME,
        description=SERVICE_DESCRIPTION,
        owner=SERVICE_OWNER,
        port=config.port,
        shutdown_delay_seconds=config.shutdown_delay,
        shutdown_timeout_seconds=config.shutdown_timeout,
        debug_endpoints=config.debug_endpoints,
        log_level=config.log_level,
        runtime="python " + platform.python_version(),
    )
    try:
        service = Service(config, logger)
    except OSError as exc:
        logger.error("cannot listen", port=config.port, error=str(exc))
        return 1
    # Signal handlers (TERM and INT) are installed by Service.serve: as PID 1 without an
    # init, the kernel drops signals nobody handles.
    service.run()
    if service.drained:
        logger.info("stopped", exit_code=0)
        return 0
    logger.error("shutdown timed out, in-flight requests were cut off", exit_code=1, timeout_seconds=config.shutdown_timeout)
    return 1
