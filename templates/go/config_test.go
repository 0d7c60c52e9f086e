package main

import (
	"log/slog"
	"testing"
	"time"
)

func env(m map[string]string) func(string) string { return func(k string) string { return m[k] } }

func TestConfigDefaults(t *testing.T) {
	cfg, err := loadConfig(env(nil))
	if err != nil {
		t.Fatal(err)
	}
	want := Config{Port: defaultPort, ShutdownDelay: 5 * time.Second, ShutdownTimeout: 20 * time.Second}
	if cfg != want {
		t.Fatalf("got %+v, want %+v", cfg, want)
	}
}

func TestConfigFromEnv(t *testing.T) {
	cfg, err := loadConfig(env(map[string]string{
		"PORT": "9090", "SHUTDOWN_DELAY_SECONDS": "0.5", "SHUTDOWN_TIMEOUT_SECONDS": "2.25", "DEBUG_ENDPOINTS": "true",
		"LOG_LEVEL": "WARN",
	}))
	if err != nil {
		t.Fatal(err)
	}
	want := Config{Port: 9090, ShutdownDelay: 500 * time.Millisecond, ShutdownTimeout: 2250 * time.Millisecond, DebugEndpoints: true, LogLevel: slog.LevelWarn}
	if cfg != want {
		t.Fatalf("got %+v, want %+v", cfg, want)
	}
}

func TestConfigRejectsBadValues(t *testing.T) {
	for _, bad := range []map[string]string{
		{"PORT": "-1"}, {"PORT": "65536"}, {"PORT": "http"},
		{"SHUTDOWN_DELAY_SECONDS": "-1"}, {"SHUTDOWN_DELAY_SECONDS": "5s"}, {"SHUTDOWN_DELAY_SECONDS": "NaN"},
		{"SHUTDOWN_TIMEOUT_SECONDS": "1e3"}, {"SHUTDOWN_TIMEOUT_SECONDS": "99999"},
		{"DEBUG_ENDPOINTS": "yes"}, {"LOG_LEVEL": "trace"}, {"LOG_LEVEL": "warning"},
	} {
		if _, err := loadConfig(env(bad)); err == nil {
			t.Errorf("%v: want an error", bad)
		}
	}
}

func TestServiceMetadata(t *testing.T) {
	if serviceName == "" || defaultPort < 1 || defaultPort > 65535 {
		t.Fatalf("bad generated constants: %q %d", serviceName, defaultPort)
	}
}
