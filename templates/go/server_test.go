package main

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"io"
	"log/slog"
	"net"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"
)

func testConfig(delay, timeout time.Duration) Config {
	return Config{Port: 0, ShutdownDelay: delay, ShutdownTimeout: timeout, DebugEndpoints: true}
}

func quietLogger() *slog.Logger { return newLogger(io.Discard, slog.LevelDebug) }

func status(t *testing.T, h http.Handler, path string) int {
	t.Helper()
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, httptest.NewRequest(http.MethodGet, path, nil))
	return rec.Code
}

func TestProbes(t *testing.T) {
	s := New(testConfig(0, time.Second), quietLogger())
	h := s.Handler()
	if got := status(t, h, "/healthz"); got != http.StatusOK {
		t.Fatalf("/healthz = %d, want 200", got)
	}
	if got := status(t, h, "/readyz"); got != http.StatusOK {
		t.Fatalf("/readyz = %d, want 200", got)
	}
	s.draining.Store(true)
	if got := status(t, h, "/readyz"); got != http.StatusServiceUnavailable {
		t.Fatalf("/readyz while draining = %d, want 503", got)
	}
	if got := status(t, h, "/healthz"); got != http.StatusOK {
		t.Fatalf("/healthz while draining = %d, want 200", got)
	}
}

func TestDebugEndpoints(t *testing.T) {
	cfg := testConfig(0, time.Second)
	cfg.DebugEndpoints = false
	if got := status(t, New(cfg, quietLogger()).Handler(), "/debug/slow?ms=1"); got != http.StatusNotFound {
		t.Fatalf("/debug/slow when disabled = %d, want 404", got)
	}
	h := New(testConfig(0, time.Second), quietLogger()).Handler()
	for path, want := range map[string]int{
		"/debug/slow?ms=1":     http.StatusOK,
		"/debug/slow?ms=abc":   http.StatusBadRequest,
		"/debug/slow?ms=-1":    http.StatusBadRequest,
		"/debug/slow?ms=30001": http.StatusBadRequest,
	} {
		if got := status(t, h, path); got != want {
			t.Errorf("%s = %d, want %d", path, got, want)
		}
	}
}

// start runs a Server on a free loopback port; cancel() plays the role of SIGTERM.
func start(t *testing.T, cfg Config) (s *Server, base string, cancel context.CancelFunc, done <-chan error) {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	ch := make(chan error, 1)
	s = New(cfg, quietLogger())
	go func() { ch <- s.Run(ctx, ln) }()
	t.Cleanup(cancel)
	return s, "http://" + ln.Addr().String(), cancel, ch
}

// waitFor polls cond until it holds, within a bound: no guess of how long a busy machine takes
// to deliver a request or a cancellation.
func waitFor(t *testing.T, what string, cond func() bool) {
	t.Helper()
	deadline := time.Now().Add(10 * time.Second)
	for !cond() {
		if time.Now().After(deadline) {
			t.Fatalf("timed out waiting for %s", what)
		}
		time.Sleep(5 * time.Millisecond)
	}
}

func get(url string) (int, error) {
	c := http.Client{Timeout: 5 * time.Second}
	resp, err := c.Get(url)
	if err != nil {
		return 0, err
	}
	defer resp.Body.Close()
	_, _ = io.Copy(io.Discard, resp.Body)
	return resp.StatusCode, nil
}

func TestDrainLetsInFlightRequestFinish(t *testing.T) {
	s, base, cancel, done := start(t, testConfig(300*time.Millisecond, 2*time.Second))
	if code, err := get(base + "/readyz"); err != nil || code != http.StatusOK {
		t.Fatalf("/readyz before shutdown = %d, %v", code, err)
	}

	slow := make(chan int, 1)
	go func() { code, _ := get(base + "/debug/slow?ms=600"); slow <- code }()
	waitFor(t, "the slow request to be in flight", func() bool { return s.inFlight.Load() == 1 })
	cancel()
	waitFor(t, "the drain to begin", s.draining.Load)

	if code, err := get(base + "/readyz"); err != nil || code != http.StatusServiceUnavailable {
		t.Fatalf("/readyz during the delay = %d, %v; want 503", code, err)
	}
	if code, err := get(base + "/healthz"); err != nil || code != http.StatusOK {
		t.Fatalf("/healthz during the delay = %d, %v; want 200", code, err)
	}
	if code := <-slow; code != http.StatusOK {
		t.Fatalf("in-flight request = %d, want 200", code)
	}
	select {
	case err := <-done:
		if err != nil {
			t.Fatalf("Run = %v, want nil", err)
		}
	case <-time.After(3 * time.Second):
		t.Fatal("Run did not return")
	}
	if _, err := get(base + "/healthz"); err == nil {
		t.Fatal("new connection accepted after shutdown")
	}
}

func TestDrainTimeoutCutsOffRequests(t *testing.T) {
	s, base, cancel, done := start(t, testConfig(0, 200*time.Millisecond))
	go func() { _, _ = get(base + "/debug/slow?ms=5000") }()
	waitFor(t, "the slow request to be in flight", func() bool { return s.inFlight.Load() == 1 })
	cancel()
	select {
	case err := <-done:
		if !errors.Is(err, ErrShutdownTimeout) {
			t.Fatalf("Run = %v, want ErrShutdownTimeout", err)
		}
	case <-time.After(4 * time.Second): // well before the request's own 5 s
		t.Fatal("Run did not return")
	}
}

func TestMetricsByRouteAndStatus(t *testing.T) {
	h := New(testConfig(0, time.Second), quietLogger()).Handler()
	for range 3 {
		status(t, h, "/healthz")
	}
	status(t, h, "/nope/123")
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, httptest.NewRequest(http.MethodGet, "/metrics", nil))
	body := rec.Body.String()
	for _, want := range []string{
		`http_requests_total{method="GET",route="/healthz",status="200"} 3`,
		`http_requests_total{method="GET",route="unmatched",status="404"} 1`,
		`http_request_duration_seconds_bucket{method="GET",route="/healthz",status="200",le="+Inf"} 3`,
	} {
		if !strings.Contains(body, want) {
			t.Errorf("/metrics lacks %s", want)
		}
	}
	if strings.Contains(body, "/nope/123") {
		t.Error("/metrics has a raw path as a label")
	}
}

func TestAccessLogSchema(t *testing.T) {
	var out bytes.Buffer
	h := New(testConfig(0, time.Second), newLogger(&out, slog.LevelInfo)).Handler()
	status(t, h, "/healthz") // debug: not written at info
	status(t, h, "/nope")
	lines := strings.Split(strings.TrimSpace(out.String()), "\n")
	if len(lines) != 1 {
		t.Fatalf("want one access-log line, got %q", lines)
	}
	var rec map[string]any
	if err := json.Unmarshal([]byte(lines[0]), &rec); err != nil {
		t.Fatal(err)
	}
	if rec["level"] != "info" || rec["msg"] != "request" || rec["route"] != "unmatched" || rec["status"] != float64(404) {
		t.Fatalf("access log line = %v", rec)
	}
	if !strings.HasPrefix(lines[0], `{"time":"`) || !strings.HasSuffix(rec["time"].(string), "Z") {
		t.Fatalf("time first and in UTC: %s", lines[0])
	}
	if _, ok := rec["duration_ms"].(float64); !ok {
		t.Fatalf("duration_ms missing: %v", rec)
	}
}

func TestDrainNotHeldByIdleOrSlowClients(t *testing.T) {
	// A drain held by these clients would end in ErrShutdownTimeout, not nil.
	_, base, cancel, done := start(t, testConfig(100*time.Millisecond, 5*time.Second))
	addr := strings.TrimPrefix(base, "http://")
	idle, err := net.Dial("tcp", addr)
	if err != nil {
		t.Fatal(err)
	}
	defer idle.Close()
	trickle, err := net.Dial("tcp", addr)
	if err != nil {
		t.Fatal(err)
	}
	defer trickle.Close()
	if _, err := trickle.Write([]byte("GET /healthz HTTP/1.1\r\nHost: x\r\n")); err != nil {
		t.Fatal(err)
	}
	cancel()
	select {
	case err := <-done:
		if err != nil {
			t.Fatalf("Run = %v, want nil: the drain waited for clients with nothing in flight", err)
		}
	case <-time.After(10 * time.Second):
		t.Fatal("Run did not return")
	}
}

// A client that sends its next request on a connection whose response said Connection: close (as
// some load tools do) must see that connection end cleanly (FIN), not reset: the server reads and
// drops that request instead of closing with it unread.
func TestDrainEndsConnectionsWithoutReset(t *testing.T) {
	s, base, cancel, done := start(t, testConfig(100*time.Millisecond, 5*time.Second))
	conn, err := net.Dial("tcp", strings.TrimPrefix(base, "http://"))
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	cancel()
	waitFor(t, "the drain to begin", s.draining.Load)
	req := []byte("GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n")
	if _, err := conn.Write(req); err != nil {
		t.Fatal(err)
	}
	br := bufio.NewReader(conn)
	resp, err := http.ReadResponse(br, nil)
	if err != nil {
		t.Fatal(err)
	}
	_, _ = io.Copy(io.Discard, resp.Body)
	_ = resp.Body.Close()
	if !resp.Close {
		t.Fatal("a response during the drain must say Connection: close")
	}
	if _, err := conn.Write(req); err != nil {
		t.Fatal(err)
	}
	select {
	case err := <-done:
		if err != nil {
			t.Fatalf("Run = %v, want nil", err)
		}
	case <-time.After(10 * time.Second):
		t.Fatal("Run did not return")
	}
	// Run returns once its connections are closed. The server's FIN was read as the end of input
	// either way; a reset it sent shows in the next write (EPIPE), a clean close does not.
	_ = conn.SetReadDeadline(time.Now().Add(5 * time.Second))
	if _, err := io.Copy(io.Discard, br); err != nil {
		t.Fatalf("reading to the end: %v", err)
	}
	if _, err := conn.Write(req); err != nil {
		t.Fatalf("the server reset the connection (%v); it must close it cleanly", err)
	}
}
