import http.client
import io
import json
import threading
import time
import unittest

from app.config import Config, ConfigError, load_config
from app.log import Logger
from app.meta import DEFAULT_PORT, SERVICE_NAME
from app.server import Service


def get(port, path, timeout=5):
    """Return the status of GET path, or None when the connection is refused."""
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=timeout)
    try:
        conn.request("GET", path)
        resp = conn.getresponse()
        resp.read()
        return resp.status
    except ConnectionRefusedError:
        return None
    finally:
        conn.close()


def make_service(delay=0.0, timeout=2.0, debug=True):
    log = io.BytesIO()
    config = Config(port=0, shutdown_delay=delay, shutdown_timeout=timeout, debug_endpoints=debug)
    service = Service(config, Logger(log), host="127.0.0.1")
    service.start()
    return service, log


class ProbeTest(unittest.TestCase):
    def setUp(self):
        self.service, _ = make_service()

    def tearDown(self):
        self.service.drain()

    def test_probes(self):
        port = self.service.port
        self.assertEqual(get(port, "/healthz"), 200)
        self.assertEqual(get(port, "/readyz"), 200)
        self.service.server.draining.set()
        self.assertEqual(get(port, "/readyz"), 503)
        self.assertEqual(get(port, "/healthz"), 200)

    def test_debug_slow_validation(self):
        port = self.service.port
        self.assertEqual(get(port, "/debug/slow?ms=1"), 200)
        for bad in ("abc", "-1", "30001", "", "%D9%A1"):
            self.assertEqual(get(port, "/debug/slow?ms=" + bad), 400, bad)
        self.assertEqual(get(port, "/nope"), 404)


class DebugOffTest(unittest.TestCase):
    def test_debug_endpoint_off_by_default(self):
        service, _ = make_service(debug=False)
        try:
            self.assertEqual(get(service.port, "/debug/slow?ms=1"), 404)
        finally:
            service.drain()


class DrainTest(unittest.TestCase):
    def test_in_flight_request_finishes(self):
        service, log = make_service(delay=0.3, timeout=2.0)
        port = service.port
        result = {}
        slow = threading.Thread(target=lambda: result.setdefault("status", get(port, "/debug/slow?ms=600")))
        slow.start()
        time.sleep(0.1)  # let the slow request reach its handler

        codes = []
        drainer = threading.Thread(target=lambda: codes.append(service.drain()))
        drainer.start()  # what the SIGTERM handler triggers in main.py
        time.sleep(0.05)
        self.assertEqual(get(port, "/readyz"), 503)
        self.assertEqual(get(port, "/healthz"), 200)

        drainer.join(3)
        slow.join(3)
        self.assertEqual(codes, [0])
        self.assertEqual(result.get("status"), 200)
        self.assertIsNone(get(port, "/healthz"), "accepted a connection after the drain")
        msgs = [json.loads(line)["msg"] for line in log.getvalue().decode().splitlines()]
        self.assertIn("shutdown signal received, draining", msgs)

    def test_timeout_cuts_off_requests(self):
        service, _ = make_service(delay=0, timeout=0.2)
        slow = threading.Thread(target=get, args=(service.port, "/debug/slow?ms=5000"))
        slow.start()
        time.sleep(0.1)
        began = time.monotonic()
        self.assertEqual(service.drain(), 1)
        self.assertLess(time.monotonic() - began, 1.0)
        slow.join(2)  # the abort event releases the handler


class ConfigTest(unittest.TestCase):
    def test_defaults(self):
        self.assertEqual(load_config({}), Config(port=DEFAULT_PORT, shutdown_delay=5.0, shutdown_timeout=20.0))

    def test_from_env(self):
        env = {"PORT": "9090", "SHUTDOWN_DELAY_SECONDS": "0.5", "SHUTDOWN_TIMEOUT_SECONDS": "2.25", "DEBUG_ENDPOINTS": "true"}
        self.assertEqual(load_config(env), Config(port=9090, shutdown_delay=0.5, shutdown_timeout=2.25, debug_endpoints=True))

    def test_rejects_bad_values(self):
        for bad in (
            {"PORT": "-1"}, {"PORT": "65536"}, {"PORT": "http"}, {"PORT": "٨٠"},
            {"SHUTDOWN_DELAY_SECONDS": "-1"}, {"SHUTDOWN_DELAY_SECONDS": "5s"}, {"SHUTDOWN_DELAY_SECONDS": "nan"},
            {"SHUTDOWN_TIMEOUT_SECONDS": "1e3"}, {"SHUTDOWN_TIMEOUT_SECONDS": "99999"}, {"SHUTDOWN_TIMEOUT_SECONDS": " 5"},
            {"DEBUG_ENDPOINTS": "yes"},
        ):
            with self.assertRaises(ConfigError, msg=bad):
                load_config(bad)


class LoggerTest(unittest.TestCase):
    def test_json_line_keeps_text_exactly(self):
        out = io.BytesIO()
        text = 'a "b" & {{x}} ${{ y }} \\ naïve'
        Logger(out).info("starting", service=SERVICE_NAME, description=text)
        record = json.loads(out.getvalue().decode("utf-8"))
        self.assertEqual(record["msg"], "starting")
        self.assertEqual(record["level"], "INFO")
        self.assertEqual(record["description"], text)
        self.assertTrue(record["time"].endswith("Z"))


if __name__ == "__main__":
    unittest.main()
