"""ASGI service: Starlette routes served by uvicorn, Prometheus metrics, access log, bounded drain."""

import asyncio
import contextlib
import logging
import signal
import socket
import threading
import time

import uvicorn
from prometheus_client import (
    CONTENT_TYPE_LATEST,
    CollectorRegistry,
    Counter,
    GCCollector,
    Histogram,
    PlatformCollector,
    ProcessCollector,
    generate_latest,
)
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route
from uvicorn.protocols.http.httptools_impl import HttpToolsProtocol

MAX_SLOW_MS = 30000
# Idle keep-alive connections are closed after this, above the 60 s idle timeout of common L7
# proxies: a proxy must never reuse a connection the service is closing (intermittent 502s).
KEEP_ALIVE_SECONDS = 65
# A client must send its request headers within this time (slowloris); uvicorn has no such limit.
HEADERS_TIMEOUT_SECONDS = 10
# At the drain, a connection that has not delivered a whole request within this time of being
# accepted or answered is closed rather than waited for, as in every generated service.
UNSTARTED_GRACE_SECONDS = 1
# A closing connection reads and drops its client's input for up to this long after its FIN.
LINGER_SECONDS = 0.5


class State:
    """What the routes and the drain share."""

    def __init__(self):
        self.draining = False


class Metrics:
    def __init__(self):
        # A registry per service (not the global one), so tests can run several in one process.
        self.registry = CollectorRegistry()
        ProcessCollector(registry=self.registry)
        PlatformCollector(registry=self.registry)
        GCCollector(registry=self.registry)
        labels = ("method", "route", "status")
        self.requests = Counter(
            "http_requests_total", "HTTP requests by method, route and status.", labels, registry=self.registry
        )
        self.duration = Histogram(
            "http_request_duration_seconds",
            "HTTP request latency by method, route and status.",
            labels,
            registry=self.registry,
        )


class Observe:
    """ASGI middleware: one metric sample and one access-log line per request."""

    def __init__(self, app, state, metrics, logger):
        self.app = app
        self.state = state
        self.metrics = metrics
        self.logger = logger

    async def __call__(self, scope, receive, send):
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        start = time.perf_counter()
        status = 500

        async def send_observed(message):
            nonlocal status
            if message["type"] == "http.response.start":
                status = message["status"]
                if self.state.draining:
                    # Clients reconnect (to another pod) instead of reusing this connection.
                    message = {**message, "headers": [*message.get("headers", []), (b"connection", b"close")]}
            await send(message)

        try:
            await self.app(scope, receive, send_observed)
        finally:
            seconds = time.perf_counter() - start
            route = scope.get("route")
            # The route template, never the raw path: unknown paths must not create new series.
            template = route.path if route is not None else "unmatched"
            labels = (scope["method"], template, str(status))
            self.metrics.requests.labels(*labels).inc()
            self.metrics.duration.labels(*labels).observe(seconds)
            self.logger.log(
                "debug" if template in QUIET_ROUTES else "info",
                "request",
                method=scope["method"],
                path=scope["path"],
                route=template,
                status=status,
                duration_ms=round(seconds * 1000, 3),
            )


def create_app(config, state, metrics, logger):
    async def healthz(request):
        return _json(200, {"status": "ok"})

    async def readyz(request):
        if state.draining:
            return _json(503, {"status": "draining"})
        return _json(200, {"status": "ready"})

    async def metrics_endpoint(request):
        return Response(generate_latest(metrics.registry), headers={"Content-Type": CONTENT_TYPE_LATEST})

    async def slow(request: Request):
        ms = request.query_params.get("ms", "")
        if not (ms.isascii() and ms.isdigit()) or int(ms) > MAX_SLOW_MS:
            return _json(400, {"error": f"ms must be an integer from 0 to {MAX_SLOW_MS}"})
        await asyncio.sleep(int(ms) / 1000)
        return _json(200, {"slept_ms": int(ms)})

    routes = [
        Route("/healthz", healthz, methods=["GET"]),
        Route("/readyz", readyz, methods=["GET"]),
        Route("/metrics", metrics_endpoint, methods=["GET"]),
    ]
    if config.debug_endpoints:
        routes.append(Route("/debug/slow", slow, methods=["GET"]))
    return Observe(Starlette(routes=routes), state, metrics, logger)


# Probes and scrapes are logged at debug: at info they would flood the access log.
QUIET_ROUTES = frozenset({"/healthz", "/readyz", "/metrics"})


def _json(status, body):
    return JSONResponse(body, status_code=status, headers={"Cache-Control": "no-store"})


class StagedClose:
    """The transport, closed in stages as RFC 9112 (section 9.6) asks: FIN first, then the client's
    input is read and dropped until its own FIN or LINGER_SECONDS. A full close with unread input
    would send an RST, which can destroy the last response before the client has read it (a
    pipelined request, or a client writing as the connection closes). Go's net/http does the same."""

    def __init__(self, transport, loop):
        self._transport = transport
        self._loop = loop
        self.lingering = False

    def __getattr__(self, name):
        return getattr(self._transport, name)

    def is_closing(self):
        return self.lingering or self._transport.is_closing()

    def close(self):
        if self.is_closing():
            return
        if not self._transport.can_write_eof():
            self._transport.close()
            return
        self.lingering = True
        self._transport.write_eof()
        self._transport.resume_reading()
        self._loop.call_later(LINGER_SECONDS, self._transport.close)


class Protocol(HttpToolsProtocol):
    """uvicorn's httptools protocol plus a deadline for the request headers and a drain that
    never closes a connection under a request that may be on its way."""

    _headers_timer = None
    _idle_since = 0.0  # when the connection was accepted or its last response written

    def connection_made(self, transport):
        self._idle_since = time.monotonic()
        super().connection_made(StagedClose(transport, self.loop))
        self._arm_headers_timer()

    def data_received(self, data):
        if self.transport.lingering:
            return  # after our FIN: read only so that closing sends no RST
        super().data_received(data)

    def on_response_complete(self):
        self._idle_since = time.monotonic()
        super().on_response_complete()

    def shutdown(self):
        # uvicorn's own closes every connection without a request in the handler at once,
        # including one accepted a moment ago whose request is on its way (a reset). Here a
        # connection idle for the grace (or still sending its headers after it) is closed; a
        # younger one is looked at again when its grace ends, and a request in the handler is
        # answered with `Connection: close` (Observe) and the connection closed after it.
        if self.cycle is not None and not self.cycle.response_complete:
            self.cycle.keep_alive = False
            return
        if self.transport.is_closing():
            return
        left = self._idle_since + UNSTARTED_GRACE_SECONDS - time.monotonic()
        if left > 0:
            self.loop.call_later(left, self.shutdown)
        else:
            self.transport.close()

    def on_message_begin(self):
        super().on_message_begin()
        self._arm_headers_timer()

    def on_headers_complete(self):
        self._disarm_headers_timer()
        super().on_headers_complete()

    def connection_lost(self, exc):
        self._disarm_headers_timer()
        super().connection_lost(exc)

    def _arm_headers_timer(self):
        if self._headers_timer is None:
            self._headers_timer = self.loop.call_later(HEADERS_TIMEOUT_SECONDS, self._headers_timed_out)

    def _disarm_headers_timer(self):
        if self._headers_timer is not None:
            self._headers_timer.cancel()
            self._headers_timer = None

    def _headers_timed_out(self):
        self._headers_timer = None
        if not self.transport.is_closing():
            self.transport.close()


def listen(host, port):
    """Bind before serving, so a taken port fails at start-up with OSError."""
    if host is None and socket.has_dualstack_ipv6():
        # One socket for IPv6 and IPv4, as Go's ":port" (asyncio would make IPv6 sockets v6-only).
        return socket.create_server(("::", port), family=socket.AF_INET6, dualstack_ipv6=True, backlog=1024)
    return socket.create_server((host or "0.0.0.0", port), backlog=1024)


class DrainTimeoutFilter(logging.Filter):
    """Drops uvicorn's own lines about a drain that ran out of time (its "Cancel N running task(s)"
    and each cancelled request's traceback): the service logs that event itself, as every
    generated service does, in one line (`shutdown timed out, in-flight requests were cut off`)."""

    def filter(self, record):
        if str(record.msg).startswith("Cancel %s running task(s), timeout graceful shutdown exceeded"):
            return False
        exc = record.exc_info[1] if record.exc_info else None
        return not (isinstance(exc, asyncio.CancelledError) and "timeout graceful shutdown" in str(exc))


DRAIN_TIMEOUT_FILTER = DrainTimeoutFilter()


class Service(uvicorn.Server):
    """uvicorn with this service's drain: readiness 503 at the signal, serve on for the delay,
    then stop accepting and give in-flight requests the timeout. Tests pass sub-second values."""

    def __init__(self, config, logger, host=None):
        self.settings = config
        self.logger = logger
        self.state = State()
        self.metrics = Metrics()
        super().__init__(
            uvicorn.Config(
                create_app(config, self.state, self.metrics, logger),
                http=Protocol,
                loop="asyncio",
                lifespan="off",
                access_log=False,
                log_config=None,
                server_header=False,
                timeout_keep_alive=KEEP_ALIVE_SECONDS,
                timeout_graceful_shutdown=config.shutdown_timeout,
                # Bounded work: beyond this many open connections new ones get 503.
                limit_concurrency=4096,
            )
        )
        logging.getLogger("uvicorn.error").addFilter(DRAIN_TIMEOUT_FILTER)
        self.socket = listen(host, config.port)
        self._stop_at = None
        self._pending = []  # signals to log, appended by the handler, logged by on_tick
        self.drained = False

    @property
    def port(self):
        return self.socket.getsockname()[1]

    async def serve(self, sockets=None):
        await super().serve(sockets=[self.socket])

    def begin_drain(self, reason):
        """Readiness off now; on_tick stops the server once the delay has passed. Idempotent."""
        if self.state.draining:
            return False
        self.state.draining = True
        self._stop_at = time.monotonic() + self.settings.shutdown_delay
        self._pending.append(("drain", reason))
        return True

    def handle_exit(self, sig, frame):
        # Runs as a signal handler on the main thread: set flags only, on_tick logs.
        name = signal.Signals(sig).name
        if not self.begin_drain(name):
            self._pending.append(("again", name))

    @contextlib.contextmanager
    def capture_signals(self):
        # Unlike uvicorn's own, this does not re-raise the signal after the drain: the exit code
        # is ours (0 drained, 1 cut off), not death by the signal.
        if threading.current_thread() is not threading.main_thread():
            yield
            return
        previous = {sig: signal.signal(sig, self.handle_exit) for sig in (signal.SIGTERM, signal.SIGINT)}
        try:
            yield
        finally:
            for sig, handler in previous.items():
                signal.signal(sig, handler)

    async def startup(self, sockets=None):
        await super().startup(sockets)
        if self.started:
            self.logger.info("listening", port=self.port)

    async def on_tick(self, counter):
        while self._pending:
            kind, name = self._pending.pop(0)
            if kind == "drain":
                self.logger.info(
                    "shutdown signal received, draining",
                    signal=name,
                    delay_seconds=self.settings.shutdown_delay,
                    timeout_seconds=self.settings.shutdown_timeout,
                )
            else:
                self.logger.warn("signal received while draining, ignored", signal=name)
        if self._stop_at is not None and time.monotonic() >= self._stop_at:
            self.logger.info("no longer accepting connections, waiting for in-flight requests")
            return True
        return await super().on_tick(counter)

    async def _wait_tasks_to_complete(self):
        # uvicorn runs this under timeout_graceful_shutdown; reaching the end means nothing was cut.
        await super()._wait_tasks_to_complete()
        self.drained = True
