package main

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"net"
	"net/http"
	"strconv"
	"sync/atomic"
	"time"
)

// ErrShutdownTimeout means in-flight requests outlived ShutdownTimeout and were cut off.
var ErrShutdownTimeout = errors.New("shutdown timeout exceeded")

const maxSlowMillis = 30000

// Server answers the probes and drains on shutdown.
type Server struct {
	cfg      Config
	log      *slog.Logger
	draining atomic.Bool
	http     *http.Server
	abort    context.CancelFunc // cancels every request context when the drain is forced
}

// New builds a Server; tests pass sub-second delays and timeouts through cfg.
func New(cfg Config, logger *slog.Logger) *Server {
	s := &Server{cfg: cfg, log: logger}
	base, abort := context.WithCancel(context.Background())
	s.abort = abort
	s.http = &http.Server{
		Handler: s.Handler(),
		// Slowloris guard (gosec G112): headers must arrive within this time.
		ReadHeaderTimeout: 5 * time.Second,
		ReadTimeout:       30 * time.Second,
		// Above the longest /debug/slow request, so the drain tests are not cut by it.
		WriteTimeout:   time.Duration(maxSlowMillis)*time.Millisecond + 30*time.Second,
		IdleTimeout:    60 * time.Second,
		MaxHeaderBytes: 64 << 10,
		BaseContext:    func(net.Listener) context.Context { return base },
		ErrorLog:       slog.NewLogLogger(logger.Handler(), slog.LevelWarn),
	}
	return s
}

// Handler routes the probes (and the debug endpoint when enabled).
func (s *Server) Handler() http.Handler {
	mux := http.NewServeMux()
	mux.HandleFunc("GET /healthz", func(w http.ResponseWriter, _ *http.Request) {
		writeJSON(w, http.StatusOK, map[string]string{"status": "ok"})
	})
	mux.HandleFunc("GET /readyz", func(w http.ResponseWriter, _ *http.Request) {
		if s.draining.Load() {
			writeJSON(w, http.StatusServiceUnavailable, map[string]string{"status": "draining"})
			return
		}
		writeJSON(w, http.StatusOK, map[string]string{"status": "ready"})
	})
	if s.cfg.DebugEndpoints {
		mux.HandleFunc("GET /debug/slow", s.slow)
	}
	return mux
}

// slow holds a request in flight for ?ms=N milliseconds, for drain tests.
func (s *Server) slow(w http.ResponseWriter, r *http.Request) {
	ms, err := strconv.Atoi(r.URL.Query().Get("ms"))
	if err != nil || ms < 0 || ms > maxSlowMillis {
		writeJSON(w, http.StatusBadRequest, map[string]string{"error": fmt.Sprintf("ms must be an integer from 0 to %d", maxSlowMillis)})
		return
	}
	t := time.NewTimer(time.Duration(ms) * time.Millisecond)
	defer t.Stop()
	select {
	case <-t.C:
		writeJSON(w, http.StatusOK, map[string]int{"slept_ms": ms})
	case <-r.Context().Done():
	}
}

// Run serves on ln until ctx is done, then drains: readiness fails at once, the server keeps
// serving for ShutdownDelay (so load balancers notice), then stops accepting and waits up to
// ShutdownTimeout for in-flight requests. It returns nil after a clean drain.
func (s *Server) Run(ctx context.Context, ln net.Listener) error {
	served := make(chan error, 1)
	go func() { served <- s.http.Serve(ln) }()

	select {
	case err := <-served:
		return err
	case <-ctx.Done():
	}
	s.draining.Store(true)
	s.log.Info("shutdown signal received, draining",
		"delay_seconds", s.cfg.ShutdownDelay.Seconds(), "timeout_seconds", s.cfg.ShutdownTimeout.Seconds())

	time.Sleep(s.cfg.ShutdownDelay)
	s.log.Info("no longer accepting connections, waiting for in-flight requests")

	sctx, cancel := context.WithTimeout(context.Background(), s.cfg.ShutdownTimeout)
	defer cancel()
	if err := s.http.Shutdown(sctx); err != nil {
		s.abort()
		_ = s.http.Close()
		return fmt.Errorf("%w after %s: %v", ErrShutdownTimeout, s.cfg.ShutdownTimeout, err)
	}
	if err := <-served; !errors.Is(err, http.ErrServerClosed) {
		return err
	}
	return nil
}

func writeJSON(w http.ResponseWriter, status int, body any) {
	w.Header().Set("Content-Type", "application/json")
	w.Header().Set("Cache-Control", "no-store")
	w.WriteHeader(status)
	_ = json.NewEncoder(w).Encode(body)
}
