"""HTTP server on http.server: probes, the debug endpoint, and a bounded graceful drain."""

import http.server
import json
import socket
import socketserver
import sys
import threading
import time
import urllib.parse

MAX_SLOW_MS = 30000


class Handler(http.server.BaseHTTPRequestHandler):
    # Socket timeout per read/write: a silent or slow client cannot hold a thread (or the drain) for long.
    timeout = 5
    # HTTP/1.0 (the default) closes each connection after one response, so no idle keep-alive
    # connection can hold up server_close() while draining.
    protocol_version = "HTTP/1.0"
    server_version = "service"
    sys_version = ""

    def do_GET(self):
        url = urllib.parse.urlsplit(self.path)
        if url.path == "/healthz":
            self._json(200, {"status": "ok"})
        elif url.path == "/readyz":
            if self.server.draining.is_set():
                self._json(503, {"status": "draining"})
            else:
                self._json(200, {"status": "ready"})
        elif url.path == "/debug/slow" and self.server.debug_endpoints:
            self._slow(urllib.parse.parse_qs(url.query).get("ms", [""])[0])
        else:
            self._json(404, {"error": "not found"})

    def _slow(self, ms):
        if not (ms.isascii() and ms.isdigit()) or int(ms) > MAX_SLOW_MS:
            self._json(400, {"error": f"ms must be an integer from 0 to {MAX_SLOW_MS}"})
            return
        # Waits on the abort event, so a forced shutdown ends it at once.
        self.server.aborted.wait(int(ms) / 1000)
        self._json(200, {"slept_ms": int(ms)})

    def _json(self, status, body):
        data = json.dumps(body).encode()
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Cache-Control", "no-store")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def log_request(self, code="-", size="-"):
        pass  # no access log: probes would flood it

    def log_message(self, format, *args):
        self.server.logger.warn("http", client=self.client_address[0], detail=format % args)


class Server(http.server.ThreadingHTTPServer):
    # The stdlib default (daemon threads) kills in-flight requests at exit; these make
    # server_close() join every handler thread instead.
    daemon_threads = False
    block_on_close = True
    request_queue_size = 128

    def __init__(self, address, logger, debug_endpoints=False):
        self.logger = logger
        self.debug_endpoints = debug_endpoints
        self.draining = threading.Event()
        self.aborted = threading.Event()
        host = address[0]
        if host in ("", "::") and socket.has_dualstack_ipv6():
            self.address_family = socket.AF_INET6
            address = ("::", address[1])
        super().__init__(address, Handler)

    def server_bind(self):
        if self.address_family == socket.AF_INET6:
            # Accept IPv4 too, as Go's ":port" does.
            self.socket.setsockopt(socket.IPPROTO_IPV6, socket.IPV6_V6ONLY, 0)
        # HTTPServer.server_bind would call socket.getfqdn(), a DNS lookup that can stall start-up.
        socketserver.TCPServer.server_bind(self)
        self.server_name, self.server_port = self.server_address[:2]

    def serve_backlog(self):
        """Hand connections already waiting in the listen queue to handler threads.

        Closing the listener resets every connection the kernel queued but nobody accepted; under
        load that is a burst of ECONNRESET at the end of a drain. Accepting them first serves them.
        """
        self.socket.setblocking(False)
        while True:
            try:
                request, client_address = self.socket.accept()
            except OSError:  # BlockingIOError: the queue is empty
                return
            request.setblocking(True)
            if self.verify_request(request, client_address):
                self.process_request(request, client_address)
            else:
                self.shutdown_request(request)

    def handle_error(self, request, client_address):
        # Client resets and timeouts are routine; log them as one line, not a traceback on stderr.
        self.logger.warn("request failed", client=client_address[0], error=repr(sys.exc_info()[1]))


class Service:
    """Owns the server and its drain. Tests pass sub-second delays; main.py passes the config."""

    def __init__(self, config, logger, host=""):
        self.config = config
        self.logger = logger
        self.server = Server((host, config.port), logger, debug_endpoints=config.debug_endpoints)
        # Daemon: only the accept loop; if main() fails, the process must still exit. Handler
        # threads stay non-daemon and are joined by server_close().
        self._thread = threading.Thread(
            target=self.server.serve_forever, kwargs={"poll_interval": 0.1}, name="serve", daemon=True
        )

    @property
    def port(self):
        return self.server.server_address[1]

    def start(self):
        self._thread.start()

    def drain(self):
        """Fail readiness, keep serving for the delay, then stop and join in-flight requests.

        Returns 0 after a clean drain, 1 when the timeout cut requests off.
        """
        cfg = self.config
        self.server.draining.set()
        self.logger.info("shutdown signal received, draining", delay_seconds=cfg.shutdown_delay, timeout_seconds=cfg.shutdown_timeout)
        time.sleep(cfg.shutdown_delay)
        self.logger.info("no longer accepting connections, waiting for in-flight requests")

        def stop():
            self.server.shutdown()  # ends serve_forever
            self.server.serve_backlog()  # connections already queued are served, not reset
            self.server.server_close()  # closes the listener, then joins the handler threads

        closer = threading.Thread(target=stop, name="drain", daemon=True)
        closer.start()
        closer.join(cfg.shutdown_timeout)  # server_close() alone would wait forever
        if closer.is_alive():
            self.server.aborted.set()
            return 1
        return 0
