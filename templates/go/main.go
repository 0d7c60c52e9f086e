// Command entry point: configuration, signals and exit codes. The server lives in server.go.
package main

import (
	"context"
	"errors"
	"log/slog"
	"net"
	"os"
	"os/signal"
	"runtime"
	"strconv"
	"syscall"
)

func main() {
	os.Exit(run())
}

func run() int {
	logger := slog.New(slog.NewJSONHandler(os.Stdout, nil))

	cfg, err := loadConfig(os.Getenv)
	if err != nil {
		logger.Error("invalid configuration", "error", err.Error())
		return 2
	}

	// The handler must be installed explicitly: as PID 1 in a container without an init,
	// the kernel drops signals the process does not handle.
	ctx, stop := signal.NotifyContext(context.Background(), syscall.SIGTERM, os.Interrupt)
	defer stop()

	logger.Info("starting",
		"service", serviceName,
		"description", serviceDescription,
		"owner", serviceOwner,
		"port", cfg.Port,
		"shutdown_delay_seconds", cfg.ShutdownDelay.Seconds(),
		"shutdown_timeout_seconds", cfg.ShutdownTimeout.Seconds(),
		"debug_endpoints", cfg.DebugEndpoints,
		"go_version", runtime.Version(),
	)

	ln, err := net.Listen("tcp", ":"+strconv.Itoa(cfg.Port))
	if err != nil {
		logger.Error("cannot listen", "error", err.Error())
		return 1
	}
	logger.Info("listening", "port", ln.Addr().(*net.TCPAddr).Port)

	// A second signal while draining means "stop now" (e.g. a second Ctrl-C).
	go func() {
		<-ctx.Done()
		again := make(chan os.Signal, 1)
		signal.Notify(again, syscall.SIGTERM, os.Interrupt)
		<-again
		logger.Warn("second signal, exiting without draining")
		os.Exit(1)
	}()

	switch err := New(cfg, logger).Run(ctx, ln); {
	case err == nil:
		logger.Info("stopped")
		return 0
	case errors.Is(err, ErrShutdownTimeout):
		logger.Error("shutdown timed out, in-flight requests were cut off", "error", err.Error())
		return 1
	default:
		logger.Error("server failed", "error", err.Error())
		return 1
	}
}
