#!/usr/bin/env bash
# Prove the stand-ins work the way the generated Dockerfiles use them: for each language, write a
# small multi-stage service into a temp dir (builder runs tests + build; final stage FROM the
# runtime ref, USER 65532:65532, WORKDIR /app, COPY --chown, exec-form entrypoint), build it with
# `podman build --pull=never`, run it hardened, curl /healthz, stop it (SIGTERM) and check exit
# code 0, and check that `--entrypoint /bin/sh` fails in the runtime image.
#
#   scripts/containers/selftest.sh [--base distroless|chainguard] [--templates] [--keep] [go] [node] [python]
#
# --templates: instead of the built-in apps, render the repo's real templates with
# scripts/render-template.mjs and build/run those the same way.
#
# Node's builder runs `npm ci` against the npm registry through the machine's HTTPS proxy, so it
# also proves the builder trusts the machine's extra CAs. Exit status: number of failed languages.
source "$(dirname "$0")/lib.sh"

BASE=distroless; KEEP=0; LANGS=(); TEMPLATES=0
while [ $# -gt 0 ]; do
  case $1 in
    --base) BASE=$2; shift 2 ;;
    --keep) KEEP=1; shift ;;
    --templates) TEMPLATES=1; shift ;;
    go|node|python) LANGS+=("$1"); shift ;;
    -h|--help) sed -n '2,12p' "$0"; exit 0 ;;
    *) die "unknown argument: $1" ;;
  esac
done
[ ${#LANGS[@]} -gt 0 ] || LANGS=(go node python)
IMAGES_JSON="$REPO_ROOT/templates/images.json"
jref() { node -e 'const j=require(process.argv[1]);const [l,b,k]=process.argv[2].split(".");process.stdout.write(j[l][b][k])' "$IMAGES_JSON" "$1"; }

TMP=$(mktemp -d /tmp/standins-selftest.XXXX)
FAILS=0; RESULTS=()
cleanup() { [ $KEEP = 1 ] || rm -rf "$TMP"; }
trap cleanup EXIT

write_go() {
  local d=$1
  cat > "$d/go.mod" <<'EOF'
module example.com/selftest

go 1.24
EOF
  cat > "$d/main.go" <<'EOF'
package main

import (
	"context"
	"log"
	"net/http"
	"os"
	"os/signal"
	"sync/atomic"
	"syscall"
	"time"
)

var ready atomic.Bool

func handler() http.Handler {
	mux := http.NewServeMux()
	mux.HandleFunc("/healthz", func(w http.ResponseWriter, _ *http.Request) { w.Write([]byte("ok\n")) })
	mux.HandleFunc("/readyz", func(w http.ResponseWriter, _ *http.Request) {
		if !ready.Load() {
			w.WriteHeader(http.StatusServiceUnavailable)
		}
	})
	return mux
}

func main() {
	port := os.Getenv("PORT")
	if port == "" {
		port = "8080"
	}
	srv := &http.Server{Addr: ":" + port, Handler: handler()}
	ctx, stop := signal.NotifyContext(context.Background(), syscall.SIGTERM, syscall.SIGINT)
	defer stop()
	go func() {
		if err := srv.ListenAndServe(); err != http.ErrServerClosed {
			log.Fatal(err)
		}
	}()
	ready.Store(true)
	<-ctx.Done()
	ready.Store(false)
	sctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	if err := srv.Shutdown(sctx); err != nil {
		os.Exit(1)
	}
}
EOF
  cat > "$d/main_test.go" <<'EOF'
package main

import (
	"net/http"
	"net/http/httptest"
	"testing"
)

func TestHealthz(t *testing.T) {
	rec := httptest.NewRecorder()
	handler().ServeHTTP(rec, httptest.NewRequest("GET", "/healthz", nil))
	if rec.Code != http.StatusOK {
		t.Fatal(rec.Code)
	}
}
EOF
  cat > "$d/Dockerfile" <<EOF
FROM $(jref go.$BASE.builder) AS build
WORKDIR /src
COPY go.mod ./
COPY *.go ./
RUN go vet ./... && go test ./... && CGO_ENABLED=0 go build -trimpath -ldflags="-s -w" -o /out/server .

FROM $(jref go.$BASE.runtime)
WORKDIR /app
COPY --from=build --chown=65532:65532 /out/server ./server
USER 65532:65532
EXPOSE 8080
ENTRYPOINT ["/app/server"]
EOF
}

write_node() {
  local d=$1
  mkdir -p "$d/src"
  cat > "$d/package.json" <<'EOF'
{
  "name": "selftest", "version": "1.0.0", "private": true, "type": "module",
  "scripts": { "build": "tsc -p .", "test": "node --test dist/*.test.js" },
  "dependencies": { "ms": "2.1.3" },
  "devDependencies": { "typescript": "5.9.3", "@types/node": "^24.0.0", "@types/ms": "^2.1.0" }
}
EOF
  cat > "$d/tsconfig.json" <<'EOF'
{ "compilerOptions": { "target": "ES2022", "module": "NodeNext", "moduleResolution": "NodeNext",
  "outDir": "dist", "rootDir": "src", "strict": true, "types": ["node"] }, "include": ["src"] }
EOF
  cat > "$d/src/server.ts" <<'EOF'
import http from 'node:http';
import ms from 'ms';
let ready = true;
const server = http.createServer((req, res) => {
  if (req.url === '/healthz') { res.end('ok\n'); return; }
  if (req.url === '/readyz') { res.statusCode = ready ? 200 : 503; res.end(); return; }
  res.statusCode = 404; res.end();
});
const port = Number(process.env.PORT ?? 8080);
server.listen(port, () => console.log(JSON.stringify({ msg: 'listening', port, grace: ms(5000) })));
for (const sig of ['SIGTERM', 'SIGINT'] as const) process.on(sig, () => { ready = false; server.close(() => process.exit(0)); server.closeIdleConnections(); });
EOF
  cat > "$d/src/server.test.ts" <<'EOF'
import { test } from 'node:test';
import assert from 'node:assert';
import ms from 'ms';
test('ms', () => assert.equal(ms(5000), '5s'));
EOF
  printf 'node_modules\ndist\n.git\n' > "$d/.dockerignore"
  # lockfile from the registry npm is configured with on this machine
  (cd "$d" && npm install --package-lock-only --ignore-scripts --no-audit --no-fund --silent 2>/dev/null)
  cat > "$d/Dockerfile" <<EOF
FROM $(jref node.$BASE.builder) AS build
WORKDIR /app
COPY package.json package-lock.json tsconfig.json ./
RUN npm ci --no-audit --no-fund
COPY src ./src
RUN npm run build && npm test && rm dist/*.test.js
RUN npm ci --omit=dev --no-audit --no-fund && mkdir -p node_modules

FROM $(jref node.$BASE.runtime)
ENV NODE_ENV=production
WORKDIR /app
COPY --chown=65532:65532 --from=build /app/package.json ./
COPY --chown=65532:65532 --from=build /app/node_modules ./node_modules
COPY --chown=65532:65532 --from=build /app/dist ./dist
USER 65532:65532
EXPOSE 8080
CMD ["dist/server.js"]
EOF
}

write_python() {
  local d=$1
  mkdir -p "$d/app" "$d/tests"
  : > "$d/app/__init__.py"; : > "$d/tests/__init__.py"
  cat > "$d/app/main.py" <<'EOF'
import json, os, signal, sys, threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

READY = threading.Event()

class Handler(BaseHTTPRequestHandler):
    def do_GET(self):
        code = 200 if self.path == "/healthz" or (self.path == "/readyz" and READY.is_set()) else 503
        if self.path not in ("/healthz", "/readyz"):
            code = 404
        self.send_response(code); self.end_headers(); self.wfile.write(b"ok\n" if code == 200 else b"")
    def log_message(self, *a):
        pass

def main():
    srv = ThreadingHTTPServer(("", int(os.environ.get("PORT", "8080"))), Handler)
    def stop(signum, frame):
        READY.clear()
        threading.Thread(target=srv.shutdown).start()
    signal.signal(signal.SIGTERM, stop); signal.signal(signal.SIGINT, stop)
    READY.set()
    print(json.dumps({"msg": "listening", "python": sys.version.split()[0]}), flush=True)
    srv.serve_forever()
    srv.server_close()

if __name__ == "__main__":
    main()
EOF
  cat > "$d/tests/test_main.py" <<'EOF'
import unittest
from app import main

class T(unittest.TestCase):
    def test_handler(self):
        self.assertTrue(hasattr(main, "Handler"))
EOF
  printf '.git\n__pycache__\n' > "$d/.dockerignore"
  cat > "$d/Dockerfile" <<EOF
FROM $(jref python.$BASE.builder) AS build
WORKDIR /src
COPY app ./app
COPY tests ./tests
RUN python -m unittest discover -s tests -t . && python -c "import sys; assert sys.version_info[:2] == (3, 13), sys.version"

FROM $(jref python.$BASE.runtime)
WORKDIR /app
COPY --chown=65532:65532 --from=build /src/app ./app
USER 65532:65532
ENV PYTHONUNBUFFERED=1 PYTHONDONTWRITEBYTECODE=1
EXPOSE 8080
CMD ["-m", "app.main"]
EOF
}

port_for() { case $1 in go) echo 18181 ;; node) echo 18182 ;; python) echo 18183 ;; esac; }

for lang in "${LANGS[@]}"; do
  d=$TMP/$lang; mkdir -p "$d"; img=localhost/standins-selftest-$lang:$BASE; port=$(port_for "$lang")
  ok=1; notes=()
  if [ $TEMPLATES = 1 ]; then
    node "$REPO_ROOT/scripts/render-template.mjs" "$lang" "$d" "$BASE" >/dev/null; src=template
  else
    "write_$lang" "$d"; src=selftest
  fi
  log "[$lang/$BASE/$src] podman build --pull=never"
  t=$(now_ms)
  if podman build -q --pull=never -t "$img" "$d" >"$TMP/$lang.build.log" 2>&1; then
    tb=$(secs_since "$t")
  else
    tb=$(secs_since "$t"); ok=0; notes+=("build failed"); tail -20 "$TMP/$lang.build.log" >&2
  fi
  if [ $ok = 1 ]; then
    size=$(podman image inspect --format '{{.Size}}' "$img" | awk '{printf "%.1f MB", $1/1e6}')
    podman rm -f "selftest-$lang" >/dev/null 2>&1 || true
    t=$(now_ms)
    podman run -d --name "selftest-$lang" --read-only --user 65532:65532 --cap-drop ALL \
      --security-opt no-new-privileges -e PORT="$port" -p "127.0.0.1:$port:$port" --pull=never "$img" >/dev/null
    code=000
    for _ in $(seq 1 100); do
      code=$(curl -s -o /dev/null -w '%{http_code}' "http://127.0.0.1:$port/healthz" || true)
      [ "$code" = 200 ] && break; sleep 0.1
    done
    tr=$(secs_since "$t")
    [ "$code" = 200 ] || { ok=0; notes+=("/healthz $code"); podman logs "selftest-$lang" >&2 || true; }
    t=$(now_ms)
    podman stop -t 10 "selftest-$lang" >/dev/null
    ts=$(secs_since "$t")
    ec=$(podman inspect -f '{{.State.ExitCode}}' "selftest-$lang")
    [ "$ec" = 0 ] || { ok=0; notes+=("exit code $ec"); }
    podman rm "selftest-$lang" >/dev/null
    if podman run --rm --pull=never --entrypoint /bin/sh "$img" -c true >/dev/null 2>&1; then
      ok=0; notes+=("/bin/sh ran")
    else notes+=("no shell"); fi
    user=$(podman image inspect --format '{{.Config.User}}' "$img")
    [ "$user" = 65532:65532 ] || { ok=0; notes+=("user $user"); }
    RESULTS+=("$(printf '%-7s %-11s %-8s %-5s build %6ss  size %-9s  healthz after %5ss  stop %5ss  exit %s  %s' \
      "$lang" "$BASE" "$src" "$([ $ok = 1 ] && echo PASS || echo FAIL)" "$tb" "$size" "$tr" "$ts" "$ec" "${notes[*]}")")
  else
    RESULTS+=("$(printf '%-7s %-11s %-8s FAIL  %s' "$lang" "$BASE" "$src" "${notes[*]}")")
  fi
  [ $ok = 1 ] || FAILS=$((FAILS + 1))
  [ $KEEP = 1 ] || podman rmi "$img" >/dev/null 2>&1 || true
done
printf '%s\n' "${RESULTS[@]}"
exit $FAILS
