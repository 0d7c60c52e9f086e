package main

import (
	"context"
	"errors"
	"io"
	"log/slog"
	"net"
	"net/http"
	"net/http/httptest"
	"testing"
	"time"
)

func testConfig(delay, timeout time.Duration) Config {
	return Config{Port: 0, ShutdownDelay: delay, ShutdownTimeout: timeout, DebugEndpoints: true}
}

func quietLogger() *slog.Logger { return slog.New(slog.NewJSONHandler(io.Discard, nil)) }

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
func start(t *testing.T, cfg Config) (base string, cancel context.CancelFunc, done <-chan error) {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	ch := make(chan error, 1)
	go func() { ch <- New(cfg, quietLogger()).Run(ctx, ln) }()
	return "http://" + ln.Addr().String(), cancel, ch
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
	base, cancel, done := start(t, testConfig(300*time.Millisecond, 2*time.Second))
	if code, err := get(base + "/readyz"); err != nil || code != http.StatusOK {
		t.Fatalf("/readyz before shutdown = %d, %v", code, err)
	}

	slow := make(chan int, 1)
	go func() { code, _ := get(base + "/debug/slow?ms=600"); slow <- code }()
	time.Sleep(100 * time.Millisecond) // let the slow request reach the handler
	cancel()
	time.Sleep(50 * time.Millisecond)

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
	base, cancel, done := start(t, testConfig(0, 200*time.Millisecond))
	go func() { _, _ = get(base + "/debug/slow?ms=5000") }()
	time.Sleep(100 * time.Millisecond)
	began := time.Now()
	cancel()
	select {
	case err := <-done:
		if !errors.Is(err, ErrShutdownTimeout) {
			t.Fatalf("Run = %v, want ErrShutdownTimeout", err)
		}
		if d := time.Since(began); d > time.Second {
			t.Fatalf("forced shutdown took %s", d)
		}
	case <-time.After(3 * time.Second):
		t.Fatal("Run did not return")
	}
}
