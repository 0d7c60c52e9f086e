package main

import (
	"fmt"
	"log/slog"
	"regexp"
	"strconv"
	"strings"
	"time"
)

// Config is everything the service reads from its environment.
type Config struct {
	Port            int
	ShutdownDelay   time.Duration // keep serving (readiness 503) this long after SIGTERM
	ShutdownTimeout time.Duration // then wait at most this long for in-flight requests
	DebugEndpoints  bool
	LogLevel        slog.Level
}

// Plain decimal seconds only ("5", "0.5"): the same grammar the Python and Node services accept.
var decimalSeconds = regexp.MustCompile(`^([0-9]+(\.[0-9]*)?|\.[0-9]+)$`)

const maxSeconds = 3600

// loadConfig takes a getenv function so tests need not touch the process environment.
func loadConfig(getenv func(string) string) (Config, error) {
	cfg := Config{Port: defaultPort, ShutdownDelay: 5 * time.Second, ShutdownTimeout: 20 * time.Second}
	if v := getenv("PORT"); v != "" {
		p, err := strconv.Atoi(v)
		if err != nil || p < 0 || p > 65535 {
			return cfg, fmt.Errorf("PORT=%q: want an integer from 0 to 65535", v)
		}
		cfg.Port = p
	}
	var err error
	if cfg.ShutdownDelay, err = seconds(getenv, "SHUTDOWN_DELAY_SECONDS", cfg.ShutdownDelay); err != nil {
		return cfg, err
	}
	if cfg.ShutdownTimeout, err = seconds(getenv, "SHUTDOWN_TIMEOUT_SECONDS", cfg.ShutdownTimeout); err != nil {
		return cfg, err
	}
	switch v := strings.ToLower(getenv("DEBUG_ENDPOINTS")); v {
	case "", "false", "0":
	case "true", "1":
		cfg.DebugEndpoints = true
	default:
		return cfg, fmt.Errorf("DEBUG_ENDPOINTS=%q: want true or false", v)
	}
	switch v := strings.ToLower(getenv("LOG_LEVEL")); v {
	case "debug":
		cfg.LogLevel = slog.LevelDebug
	case "", "info":
		cfg.LogLevel = slog.LevelInfo
	case "warn":
		cfg.LogLevel = slog.LevelWarn
	case "error":
		cfg.LogLevel = slog.LevelError
	default:
		return cfg, fmt.Errorf("LOG_LEVEL=%q: want one of debug, info, warn, error", v)
	}
	return cfg, nil
}

func seconds(getenv func(string) string, name string, def time.Duration) (time.Duration, error) {
	v := getenv(name)
	if v == "" {
		return def, nil
	}
	f, err := strconv.ParseFloat(v, 64)
	if !decimalSeconds.MatchString(v) || err != nil || f > maxSeconds {
		return 0, fmt.Errorf("%s=%q: want decimal seconds from 0 to %d, e.g. 5 or 0.5", name, v, maxSeconds)
	}
	return time.Duration(f * float64(time.Second)), nil
}
