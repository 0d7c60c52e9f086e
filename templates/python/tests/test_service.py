import http.client
import io
import json
import os
import signal
import socket
import subprocess
import sys
import threading
import time
import unittest

from app.config import Config, ConfigError, load_config
from app.log import Logger
from app.meta import DEFAULT_PORT, SERVICE_NAME
from app.server import Service


def get(port, path, timeout=5):
    """Return (status, body) of GET path, or (None, error) when the connection fails."""
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=timeout)
    try:
        conn.request("GET", path)
        resp = conn.getresponse()
        return resp.status, resp.read().decode()
    except OSError as exc:
        return None, repr(exc)
    finally:
        conn.close()


def wait_for(predicate, seconds=5.0):
    """Poll predicate until it holds or the bound passes; return its last value."""
    deadline = time.monotonic() + seconds
    while True:
        value = predicate()
        if value or time.monotonic() > deadline:
            return value
        time.sleep(0.02)


class Running:
    """A Service on 127.0.0.1:<free port>, served on a thread (signals stay with the test runner)."""

    def __init__(self, delay=0.0, timeout=2.0, debug=True, level="debug"):
        self.log = io.BytesIO()
        config = Config(port=0, shutdown_delay=delay, shutdown_timeout=timeout, debug_endpoints=debug, log_level=level)
        self.service = Service(config, Logger(self.log, level=level), host="127.0.0.1")
        self.port = self.service.port
        self.thread = threading.Thread(target=self.service.run, daemon=True)
        self.thread.start()
        assert wait_for(lambda: self.service.started), "service did not start"

    def stop(self):
        self.service.begin_drain("test")
        self.thread.join(10)
        return not self.thread.is_alive()

    def lines(self):
        return [json.loads(line) for line in self.log.getvalue().decode().splitlines()]


class ProbeTest(unittest.TestCase):
    def setUp(self):
        self.run_ = Running()

    def tearDown(self):
        self.run_.stop()

    def test_probes(self):
        port = self.run_.port
        self.assertEqual(get(port, "/healthz")[0], 200)
        self.assertEqual(get(port, "/readyz")[0], 200)
        self.run_.service.state.draining = True
        self.assertEqual(get(port, "/readyz")[0], 503)
        self.assertEqual(get(port, "/healthz")[0], 200)

    def test_debug_slow_validation(self):
        port = self.run_.port
        self.assertEqual(get(port, "/debug/slow?ms=1")[0], 200)
        for bad in ("abc", "-1", "30001", "", "%D9%A1"):
            self.assertEqual(get(port, "/debug/slow?ms=" + bad)[0], 400, bad)
        self.assertEqual(get(port, "/nope")[0], 404)

    def test_metrics_count_requests_by_route_and_status(self):
        port = self.run_.port
        for _ in range(3):
            get(port, "/healthz")
        get(port, "/nope/123")
        status, body = get(port, "/metrics")
        self.assertEqual(status, 200)
        self.assertIn('http_requests_total{method="GET",route="/healthz",status="200"} 3.0', body)
        self.assertIn('http_requests_total{method="GET",route="unmatched",status="404"} 1.0', body)
        self.assertIn('http_request_duration_seconds_bucket{le="+Inf",method="GET",route="/healthz",status="200"} 3.0', body)
        self.assertNotIn("/nope/123", body)

    def test_access_log_line_per_request(self):
        get(self.run_.port, "/nope")
        # Written once the response is sent, so possibly just after the client has it.
        access = wait_for(lambda: [line for line in self.run_.lines() if line["msg"] == "request"])
        self.assertEqual(len(access), 1)
        self.assertEqual(
            {k: access[0][k] for k in ("level", "method", "path", "route", "status")},
            {"level": "info", "method": "GET", "path": "/nope", "route": "unmatched", "status": 404},
        )
        self.assertIsInstance(access[0]["duration_ms"], float)


class LevelTest(unittest.TestCase):
    def test_probes_are_logged_at_debug_only(self):
        run = Running(level="info")
        try:
            get(run.port, "/healthz")
            get(run.port, "/debug/slow?ms=0")
        finally:
            run.stop()
        routes = [line["route"] for line in run.lines() if line["msg"] == "request"]
        self.assertEqual(routes, ["/debug/slow"])


class DebugOffTest(unittest.TestCase):
    def test_debug_endpoint_off_by_default(self):
        run = Running(debug=False)
        try:
            self.assertEqual(get(run.port, "/debug/slow?ms=1")[0], 404)
        finally:
            run.stop()


class DrainTest(unittest.TestCase):
    def test_in_flight_request_finishes_and_idle_or_slow_clients_do_not_hold_the_drain(self):
        run = Running(delay=0.3, timeout=5.0)
        port = run.port
        idle = socket.create_connection(("127.0.0.1", port))  # keep-alive, no request yet
        trickle = socket.create_connection(("127.0.0.1", port))
        trickle.sendall(b"GET /healthz HTTP/1.1\r\nHost: x\r\n")  # headers never finished
        result = {}
        slow = threading.Thread(target=lambda: result.setdefault("slow", get(port, "/debug/slow?ms=800")))
        slow.start()
        self.assertTrue(wait_for(lambda: run.service.server_state.tasks), "slow request never started")

        run.service.begin_drain("test")  # what SIGTERM does
        self.assertEqual(get(port, "/readyz")[0], 503)
        self.assertEqual(get(port, "/healthz")[0], 200)  # still serving during the delay
        run.thread.join(10)
        slow.join(5)

        # Drained before the 5 s timeout: not held by the idle or trickling client.
        self.assertTrue(run.service.drained)
        self.assertEqual(result["slow"][0], 200)
        self.assertIsNone(get(port, "/healthz")[0], "accepted a connection after the drain")
        for conn in (idle, trickle):
            conn.settimeout(2)
            self.assertEqual(conn.recv(1), b"", "the drain left a connection open")
            conn.close()
        msgs = [line["msg"] for line in run.lines()]
        self.assertIn("shutdown signal received, draining", msgs)

    def test_timeout_cuts_off_requests(self):
        run = Running(delay=0, timeout=0.3)
        slow = threading.Thread(target=get, args=(run.port, "/debug/slow?ms=5000"))
        slow.start()
        self.assertTrue(wait_for(lambda: run.service.server_state.tasks))
        self.assertTrue(run.stop())
        self.assertFalse(run.service.drained)
        slow.join(5)


class ProcessTest(unittest.TestCase):
    """python -m app as a process: real signals, exit codes, the log schema."""

    def start(self, **env):
        proc = subprocess.Popen(
            [sys.executable, "-m", "app"],
            env={**os.environ, "PORT": "0", "SHUTDOWN_TIMEOUT_SECONDS": "5", **env},
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
        )
        self.addCleanup(proc.stderr.close)
        self.addCleanup(proc.stdout.close)
        self.addCleanup(proc.kill)
        lines = []
        for raw in proc.stdout:
            lines.append(json.loads(raw))
            if lines[-1]["msg"] == "listening":
                return proc, lines
        self.fail(f"no listening line: {lines} {proc.stderr.read()}")

    def test_second_signal_is_logged_and_the_drain_goes_on(self):
        proc, lines = self.start(SHUTDOWN_DELAY_SECONDS="0.5")
        proc.send_signal(signal.SIGTERM)
        self.assertEqual(json.loads(proc.stdout.readline())["msg"], "shutdown signal received, draining")
        proc.send_signal(signal.SIGINT)
        self.assertEqual(proc.wait(10), 0)
        lines += [json.loads(raw) for raw in proc.stdout]
        ignored = [line for line in lines if line["msg"] == "signal received while draining, ignored"]
        self.assertEqual([line["signal"] for line in ignored], ["SIGINT"])
        self.assertEqual(lines[-1]["msg"], "stopped")
        for line in lines:
            self.assertEqual(list(line)[:3], ["time", "level", "msg"])
            self.assertIn(line["level"], ("debug", "info", "warn", "error"))

    def test_invalid_configuration_exits_2(self):
        proc = subprocess.run([sys.executable, "-m", "app"], env={**os.environ, "LOG_LEVEL": "loud"}, capture_output=True, timeout=30)
        self.assertEqual(proc.returncode, 2)
        self.assertIn("LOG_LEVEL", json.loads(proc.stdout)["error"])


class ConfigTest(unittest.TestCase):
    def test_defaults(self):
        self.assertEqual(load_config({}), Config(port=DEFAULT_PORT, shutdown_delay=5.0, shutdown_timeout=20.0))

    def test_from_env(self):
        env = {
            "PORT": "9090",
            "SHUTDOWN_DELAY_SECONDS": "0.5",
            "SHUTDOWN_TIMEOUT_SECONDS": "2.25",
            "DEBUG_ENDPOINTS": "true",
            "LOG_LEVEL": "WARN",
        }
        self.assertEqual(
            load_config(env),
            Config(port=9090, shutdown_delay=0.5, shutdown_timeout=2.25, debug_endpoints=True, log_level="warn"),
        )

    def test_rejects_bad_values(self):
        for bad in (
            {"PORT": "-1"}, {"PORT": "65536"}, {"PORT": "http"}, {"PORT": "٨٠"},
            {"SHUTDOWN_DELAY_SECONDS": "-1"}, {"SHUTDOWN_DELAY_SECONDS": "5s"}, {"SHUTDOWN_DELAY_SECONDS": "nan"},
            {"SHUTDOWN_TIMEOUT_SECONDS": "1e3"}, {"SHUTDOWN_TIMEOUT_SECONDS": "99999"}, {"SHUTDOWN_TIMEOUT_SECONDS": " 5"},
            {"DEBUG_ENDPOINTS": "yes"}, {"LOG_LEVEL": "trace"}, {"LOG_LEVEL": "warning"},
        ):
            with self.assertRaises(ConfigError, msg=bad):
                load_config(bad)


class LoggerTest(unittest.TestCase):
    def test_json_line_keeps_text_exactly(self):
        out = io.BytesIO()
        text = 'a "b" & {{x}} ${{ y }} \\ naïve'
        Logger(out).info("starting", service=SERVICE_NAME, description=text)
        record = json.loads(out.getvalue().decode("utf-8"))
        self.assertEqual(list(record)[:3], ["time", "level", "msg"])
        self.assertEqual(record["msg"], "starting")
        self.assertEqual(record["level"], "info")
        self.assertEqual(record["description"], text)
        self.assertTrue(record["time"].endswith("Z"))

    def test_whole_numbers_read_as_in_go_and_node(self):
        out = io.BytesIO()
        Logger(out).error("shutdown timed out", exit_code=1, timeout_seconds=20.0, delay_seconds=2.5, on=True)
        line = out.getvalue().decode("utf-8")
        self.assertIn('"timeout_seconds":20,', line)
        self.assertIn('"delay_seconds":2.5,', line)
        self.assertIn('"on":true', line)

    def test_level_threshold(self):
        out = io.BytesIO()
        log = Logger(out, level="warn")
        log.info("hidden")
        log.debug("hidden")
        log.warn("shown")
        self.assertEqual([json.loads(line)["msg"] for line in out.getvalue().decode().splitlines()], ["shown"])


if __name__ == "__main__":
    unittest.main()
