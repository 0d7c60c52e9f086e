// Command entry point: configuration, signals and exit codes. The server lives in server.go.
package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"os"
	"os/signal"
	"runtime"
	"strconv"
	"strings"
	"syscall"
	"time"
)

func main() {
	os.Exit(run())
}

// newLogger writes the log schema every generated service shares: time (UTC, milliseconds),
// level (debug|info|warn|error), msg, then snake_case fields.
func newLogger(w io.Writer, level slog.Level) *slog.Logger {
	return slog.New(slog.NewJSONHandler(w, &slog.HandlerOptions{
		Level: level,
		ReplaceAttr: func(groups []string, a slog.Attr) slog.Attr {
			if len(groups) > 0 {
				return a
			}
			switch a.Key {
			case slog.TimeKey:
				return slog.String(slog.TimeKey, a.Value.Time().UTC().Format("2006-01-02T15:04:05.000Z07:00"))
			case slog.LevelKey:
				return slog.String(slog.LevelKey, strings.ToLower(a.Value.String()))
			}
			return a
		},
	}))
}

// probe is the image's own HTTP client (`<binary> probe <url>`), for `helm test` and checks by
// hand: the image has no shell or curl. Exit 0 on a 2xx or 3xx answer, 1 otherwise.
func probe(args []string) int {
	if len(args) != 1 {
		fmt.Fprintln(os.Stderr, "usage: probe <url>")
		return 2
	}
	logger := newLogger(os.Stdout, slog.LevelInfo)
	client := http.Client{Timeout: 5 * time.Second}
	resp, err := client.Get(args[0])
	if err != nil {
		logger.Error("probe failed", "url", args[0], "error", err.Error())
		return 1
	}
	_ = resp.Body.Close()
	if resp.StatusCode >= 400 {
		logger.Error("probe failed", "url", args[0], "status", resp.StatusCode)
		return 1
	}
	logger.Info("probe", "url", args[0], "status", resp.StatusCode)
	return 0
}

func run() int {
	if len(os.Args) > 1 && os.Args[1] == "probe" {
		return probe(os.Args[2:])
	}
	cfg, err := loadConfig(os.Getenv)
	if err != nil {
		newLogger(os.Stdout, slog.LevelInfo).Error("invalid configuration", "error", err.Error())
		return 2
	}
	logger := newLogger(os.Stdout, cfg.LogLevel)

	// The handler must be installed explicitly: as PID 1 in a container without an init,
	// the kernel drops signals the process does not handle.
	sigs := make(chan os.Signal, 2)
	signal.Notify(sigs, syscall.SIGTERM, os.Interrupt)
	ctx, cancel := context.WithCancelCause(context.Background())
	defer cancel(nil)
	go func() {
		cancel(errors.New(signalName(<-sigs)))
		// The same in every generated service: the drain is already bounded by its timeout, so a
		// repeated signal changes nothing (SIGKILL is the way to stop at once).
		for sig := range sigs {
			logger.Warn("signal received while draining, ignored", "signal", signalName(sig))
		}
	}()

	logger.Info("starting",
		"service", serviceName,
		"description", serviceDescription,
		"owner", serviceOwner,
		"port", cfg.Port,
		"shutdown_delay_seconds", cfg.ShutdownDelay.Seconds(),
		"shutdown_timeout_seconds", cfg.ShutdownTimeout.Seconds(),
		"debug_endpoints", cfg.DebugEndpoints,
		"log_level", strings.ToLower(cfg.LogLevel.String()),
		"runtime", runtime.Version(),
	)

	ln, err := net.Listen("tcp", ":"+strconv.Itoa(cfg.Port))
	if err != nil {
		logger.Error("cannot listen", "port", cfg.Port, "error", err.Error())
		return 1
	}
	logger.Info("listening", "port", ln.Addr().(*net.TCPAddr).Port)

	switch err := New(cfg, logger).Run(ctx, ln); {
	case err == nil:
		logger.Info("stopped", "exit_code", 0)
		return 0
	case errors.Is(err, ErrShutdownTimeout):
		// The same line in every generated service: this message, exit_code and timeout_seconds.
		logger.Error("shutdown timed out, in-flight requests were cut off", "exit_code", 1,
			"timeout_seconds", cfg.ShutdownTimeout.Seconds())
		return 1
	default:
		logger.Error("server failed", "exit_code", 1, "error", err.Error())
		return 1
	}
}

func signalName(sig os.Signal) string {
	if sig == syscall.SIGTERM {
		return "SIGTERM"
	}
	return "SIGINT"
}
