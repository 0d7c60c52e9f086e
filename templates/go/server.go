package main

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"strconv"
	"sync"
	"sync/atomic"
	"time"

	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/collectors"
	"github.com/prometheus/client_golang/prometheus/promhttp"
)

// ErrShutdownTimeout means in-flight requests outlived ShutdownTimeout and were cut off.
var ErrShutdownTimeout = errors.New("shutdown timeout exceeded")

const (
	maxSlowMillis = 30000
	// Idle keep-alive connections are closed after this, above the 60 s idle timeout of common L7
	// proxies: a proxy must never reuse a connection the service is closing (intermittent 502s).
	keepAliveTimeout = 65 * time.Second
	// Request headers must arrive within this time (slowloris, gosec G112).
	headersTimeout = 10 * time.Second
	// At the drain, a connection that has not delivered a whole request within this time is
	// closed rather than waited for: it holds nothing in flight.
	unstartedGrace = time.Second
	// A closed connection reads and drops what the client still sends for at most this long.
	lingerTime = 500 * time.Millisecond
)

// Server answers the probes and drains on shutdown.
type Server struct {
	cfg      Config
	log      *slog.Logger
	draining atomic.Bool
	inFlight atomic.Int64
	http     *http.Server
	abort    context.CancelFunc // cancels every request context when the drain is forced
	registry *prometheus.Registry
	requests *prometheus.CounterVec
	duration *prometheus.HistogramVec
	routes   map[string]bool

	mu        sync.Mutex
	conns     map[net.Conn]connInfo // connections not yet serving a request, and since when
	lingering sync.WaitGroup        // connections closing in stages (lingerConn)
}

type connInfo struct {
	state http.ConnState
	since time.Time
}

// New builds a Server; tests pass sub-second delays and timeouts through cfg.
func New(cfg Config, logger *slog.Logger) *Server {
	s := &Server{cfg: cfg, log: logger, conns: map[net.Conn]connInfo{}, routes: map[string]bool{}}
	// A registry per server (not the global one), so tests can build several.
	s.registry = prometheus.NewRegistry()
	labels := []string{"method", "route", "status"}
	s.requests = prometheus.NewCounterVec(prometheus.CounterOpts{
		Name: "http_requests_total", Help: "HTTP requests by method, route and status.",
	}, labels)
	s.duration = prometheus.NewHistogramVec(prometheus.HistogramOpts{
		Name: "http_request_duration_seconds", Help: "HTTP request latency by method, route and status.",
		Buckets: prometheus.DefBuckets,
	}, labels)
	inFlight := prometheus.NewGaugeFunc(prometheus.GaugeOpts{
		Name: "http_requests_in_flight", Help: "HTTP requests being served.",
	}, func() float64 { return float64(s.inFlight.Load()) })
	s.registry.MustRegister(s.requests, s.duration, inFlight,
		collectors.NewGoCollector(), collectors.NewProcessCollector(collectors.ProcessCollectorOpts{}))

	base, abort := context.WithCancel(context.Background())
	s.abort = abort
	s.http = &http.Server{
		Handler:           s.Handler(),
		ReadHeaderTimeout: headersTimeout,
		ReadTimeout:       30 * time.Second,
		// Above the longest /debug/slow request, so the drain tests are not cut by it.
		WriteTimeout:   time.Duration(maxSlowMillis)*time.Millisecond + 30*time.Second,
		IdleTimeout:    keepAliveTimeout,
		MaxHeaderBytes: 64 << 10,
		BaseContext:    func(net.Listener) context.Context { return base },
		ErrorLog:       slog.NewLogLogger(logger.Handler(), slog.LevelWarn),
		ConnState:      s.track,
	}
	return s
}

// track remembers connections that are not serving a request (new, or idle between requests).
func (s *Server) track(c net.Conn, state http.ConnState) {
	s.mu.Lock()
	defer s.mu.Unlock()
	switch state {
	case http.StateNew, http.StateIdle:
		s.conns[c] = connInfo{state, time.Now()}
	default:
		delete(s.conns, c)
	}
}

// closeUnstarted closes connections that have been new or idle for longer than the grace: a
// client still trickling its headers must not hold the drain until headersTimeout.
func (s *Server) closeUnstarted() {
	s.mu.Lock()
	defer s.mu.Unlock()
	for c, info := range s.conns {
		if time.Since(info.since) >= unstartedGrace {
			_ = c.Close()
			delete(s.conns, c)
		}
	}
}

// lingerListener hands out connections that close in stages (lingerConn).
type lingerListener struct {
	net.Listener
	lingering *sync.WaitGroup
}

func (l lingerListener) Accept() (net.Conn, error) {
	c, err := l.Listener.Accept()
	if tc, ok := c.(*net.TCPConn); ok && err == nil {
		return &lingerConn{TCPConn: tc, lingering: l.lingering}, nil
	}
	return c, err
}

// lingerConn closes in stages: FIN first, then what the client still sends is read and dropped
// (for at most lingerTime) before the socket is closed. Closing a socket with unread input makes
// the kernel answer with RST: a client that wrote its next request just before it saw our FIN
// (one that does not honour Connection: close) would get a reset instead of a clean end.
type lingerConn struct {
	*net.TCPConn
	once      sync.Once
	lingering *sync.WaitGroup
}

// Close returns at once (net/http closes idle connections while holding its own lock).
func (c *lingerConn) Close() error {
	c.once.Do(func() {
		c.lingering.Add(1)
		go func() {
			defer c.lingering.Done()
			_ = c.TCPConn.CloseWrite()
			_ = c.TCPConn.SetReadDeadline(time.Now().Add(lingerTime))
			_, _ = io.Copy(io.Discard, c.TCPConn)
			_ = c.TCPConn.Close()
		}()
	})
	return nil
}

// Handler routes the probes (and the debug endpoint when enabled), measured and logged.
func (s *Server) Handler() http.Handler {
	mux := http.NewServeMux()
	handle := func(route string, h http.HandlerFunc) {
		s.routes[route] = true
		mux.HandleFunc("GET "+route, h)
	}
	handle("/healthz", func(w http.ResponseWriter, _ *http.Request) {
		writeJSON(w, http.StatusOK, map[string]string{"status": "ok"})
	})
	handle("/readyz", func(w http.ResponseWriter, _ *http.Request) {
		if s.draining.Load() {
			writeJSON(w, http.StatusServiceUnavailable, map[string]string{"status": "draining"})
			return
		}
		writeJSON(w, http.StatusOK, map[string]string{"status": "ready"})
	})
	handle("/metrics", promhttp.HandlerFor(s.registry, promhttp.HandlerOpts{ErrorLog: slog.NewLogLogger(s.log.Handler(), slog.LevelError)}).ServeHTTP)
	if s.cfg.DebugEndpoints {
		handle("/debug/slow", s.slow)
	}
	return s.observe(mux)
}

// statusWriter remembers the status code for the metrics and the access log.
type statusWriter struct {
	http.ResponseWriter
	status int
}

func (w *statusWriter) WriteHeader(code int) {
	if w.status == 0 {
		w.status = code
	}
	w.ResponseWriter.WriteHeader(code)
}

func (w *statusWriter) Write(b []byte) (int, error) {
	if w.status == 0 {
		w.status = http.StatusOK
	}
	return w.ResponseWriter.Write(b)
}

// Probes and scrapes are logged at debug: at info they would flood the access log.
var quietRoutes = map[string]bool{"/healthz": true, "/readyz": true, "/metrics": true}

// observe records one metric sample and one access-log line per request.
func (s *Server) observe(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		began := time.Now()
		s.inFlight.Add(1)
		defer s.inFlight.Add(-1)
		if s.draining.Load() {
			// Clients reconnect (to another pod) instead of reusing this connection. Not
			// SetKeepAlivesEnabled(false): it closes idle connections at once, racing with clients
			// that are sending their next request on them (resets).
			w.Header().Set("Connection", "close")
		}
		sw := &statusWriter{ResponseWriter: w}
		next.ServeHTTP(sw, r)
		if sw.status == 0 {
			sw.status = http.StatusOK
		}
		elapsed := time.Since(began)
		// The route, never the raw path: unknown paths must not create new series.
		route := "unmatched"
		if s.routes[r.URL.Path] {
			route = r.URL.Path
		}
		status := strconv.Itoa(sw.status)
		s.requests.WithLabelValues(r.Method, route, status).Inc()
		s.duration.WithLabelValues(r.Method, route, status).Observe(elapsed.Seconds())
		level := slog.LevelInfo
		if quietRoutes[route] {
			level = slog.LevelDebug
		}
		s.log.Log(r.Context(), level, "request",
			"method", r.Method, "path", r.URL.Path, "route", route, "status", sw.status,
			"duration_ms", float64(elapsed.Microseconds())/1000)
	})
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
	go func() { served <- s.http.Serve(lingerListener{ln, &s.lingering}) }()

	select {
	case err := <-served:
		return err
	case <-ctx.Done():
	}
	s.draining.Store(true)
	s.log.Info("shutdown signal received, draining", "signal", context.Cause(ctx).Error(),
		"delay_seconds", s.cfg.ShutdownDelay.Seconds(), "timeout_seconds", s.cfg.ShutdownTimeout.Seconds())

	time.Sleep(s.cfg.ShutdownDelay)
	s.log.Info("no longer accepting connections, waiting for in-flight requests")

	sctx, cancel := context.WithTimeout(context.Background(), s.cfg.ShutdownTimeout)
	defer cancel()
	stopSweep := make(chan struct{})
	go func() {
		tick := time.NewTicker(100 * time.Millisecond)
		defer tick.Stop()
		for {
			select {
			case <-stopSweep:
				return
			case <-tick.C:
				s.closeUnstarted()
			}
		}
	}()
	err := s.http.Shutdown(sctx)
	close(stopSweep)
	if err != nil {
		s.abort()
		_ = s.http.Close()
		return fmt.Errorf("%w after %s: %v", ErrShutdownTimeout, s.cfg.ShutdownTimeout, err)
	}
	if err := <-served; !errors.Is(err, http.ErrServerClosed) {
		return err
	}
	// Bounded by lingerTime: each closing connection has a read deadline.
	s.lingering.Wait()
	return nil
}

func writeJSON(w http.ResponseWriter, status int, body any) {
	w.Header().Set("Content-Type", "application/json")
	w.Header().Set("Cache-Control", "no-store")
	w.WriteHeader(status)
	_ = json.NewEncoder(w).Encode(body)
}
