// Hostile services, written at test time: a small Python HTTP service (stdlib only, so the native
// engine needs nothing installed and podman builds need no network) whose unit test, start-up,
// output or SIGTERM handling misbehaves on request. Every process it starts carries `marker` in
// its command line, so a test can tell whether any of them outlived the verifier.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { sandboxReason } from './toolchain.js';

export interface Hostility {
  /** The unit test sleeps this many seconds (and leaves a background sleeper running). */
  testSleeps?: number;
  /** The service sleeps this long before it listens. */
  startSleeps?: number;
  /** The service ignores SIGTERM (a handler that does nothing). */
  ignoreTerm?: boolean;
  /** The service prints this many bytes to stdout before it listens. */
  prints?: number;
  /** The service tries to connect to this host loopback port first, and exits 3 when it can. */
  connectTo?: number;
}

const APP = `import os, signal, socket, sys, threading, time
from http.server import ThreadingHTTPServer, BaseHTTPRequestHandler
MARKER = sys.argv[1] if len(sys.argv) > 1 else ''
def setting(name):
    return open('hostile-' + name).read().strip()

START_SLEEPS = float(setting('start-sleeps'))
ready = True

class Handler(BaseHTTPRequestHandler):
    def log_message(self, *args):
        pass

    def do_GET(self):
        if self.path.startswith('/debug/slow'):
            ms = int(self.path.split('ms=')[1]) if 'ms=' in self.path else 1000
            time.sleep(ms / 1000)
            code = 200
        elif self.path == '/readyz':
            code = 200 if ready else 503
        elif self.path == '/healthz':
            code = 200
        else:
            code = 404
        self.send_response(code)
        self.send_header('Content-Length', '2')
        self.end_headers()
        self.wfile.write(b'ok')

class Server(ThreadingHTTPServer):
    daemon_threads = False

def main():
    global ready
    printing = int(setting('prints'))
    line = ('x' * 1023 + '\\n').encode()
    while printing > 0:
        sys.stdout.buffer.write(line)
        printing -= len(line)
    sys.stdout.flush()
    port = int(setting('connect-to'))
    if port:
        try:
            socket.create_connection(('127.0.0.1', port), timeout=5).close()
            sys.exit(3)
        except OSError:
            pass
    time.sleep(START_SLEEPS)
    server = Server(('0.0.0.0', int(os.environ.get('PORT', '8080'))), Handler)

    def on_term(*_):
        global ready
        if setting('ignore-term') == '1':
            return
        ready = False

        def stop():
            time.sleep(float(os.environ.get('SHUTDOWN_DELAY_SECONDS', '1')))
            server.shutdown()

        threading.Thread(target=stop).start()

    signal.signal(signal.SIGTERM, on_term)
    server.serve_forever()
    server.server_close()

main()
`;

const TEST = `import subprocess, sys, time, unittest
SLEEPS = float(open('hostile-test-sleeps').read().strip() or '0')
MARKER = open('hostile-marker').read().strip()

class HostileTest(unittest.TestCase):
    def test_hostile(self):
        if SLEEPS:
            # A background process the test leaves behind, and the test itself never ends.
            subprocess.Popen([sys.executable, '-c', 'import time; time.sleep(3600)', MARKER])
            time.sleep(SLEEPS)
        self.assertTrue(True)
`;

/** The base images for podman: the stand-ins .ci/containers/ builds. */
export const PYTHON_BUILDER = 'localhost/python:3.13-slim-trixie';
export const PYTHON_RUNTIME = 'gcr.io/distroless/python3-debian13:nonroot';

/**
 * For podman runs: the base images under names of this run's own, so every build container made
 * from them is recognisably this run's (other builds on a shared machine use the same bases).
 */
export function ownBaseNames(marker: string): { builder: string; runtime: string } {
  return { builder: `localhost/${marker}-builder:1`, runtime: `localhost/${marker}-runtime:1` };
}

export function hostileService(
  marker: string,
  h: Hostility = {},
  bases = { builder: PYTHON_BUILDER, runtime: PYTHON_RUNTIME },
): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'hostile-service-'));
  // Settings are files, not ENV: the native engine runs the entrypoint without the image's ENV.
  const settings = {
    'start-sleeps': String(h.startSleeps ?? 0),
    'ignore-term': h.ignoreTerm ? '1' : '0',
    prints: String(h.prints ?? 0),
    'test-sleeps': String(h.testSleeps ?? 0),
    'connect-to': String(h.connectTo ?? 0),
    marker,
  };
  fs.writeFileSync(path.join(dir, 'app.py'), APP);
  fs.mkdirSync(path.join(dir, 'tests'));
  fs.writeFileSync(path.join(dir, 'tests', 'test_hostile.py'), TEST);
  for (const [name, value] of Object.entries(settings)) fs.writeFileSync(path.join(dir, `hostile-${name}`), value);
  fs.writeFileSync(path.join(dir, '.dockerignore'), '.git\nnode_modules\n');
  fs.writeFileSync(path.join(dir, 'requirements.txt'), '');
  fs.writeFileSync(
    path.join(dir, 'Dockerfile'),
    [
      `FROM ${bases.builder} AS build`,
      'WORKDIR /app',
      'COPY . .',
      'RUN python3 -m unittest discover -s tests',
      `FROM ${bases.runtime}`,
      'WORKDIR /app',
      'COPY --from=build /app /app',
      'USER 65532:65532',
      'EXPOSE 8080',
      `ENTRYPOINT ["python3", "app.py", "${marker}"]`,
      '',
    ].join('\n'),
  );
  return dir;
}

/** Living processes whose command line contains `marker` (other than the asking process). */
export function processesWith(marker: string): string[] {
  const out: string[] = [];
  for (const pid of fs.readdirSync('/proc').filter((p) => /^\d+$/.test(p))) {
    let cmdline = '';
    try {
      cmdline = fs.readFileSync(`/proc/${pid}/cmdline`, 'utf8').replace(/\0/g, ' ');
    } catch {
      continue;
    }
    if (cmdline.includes(marker) && Number(pid) !== process.pid) out.push(`${pid} ${cmdline.trim()}`);
  }
  return out;
}

/** Why the sandbox cannot start here, or null (kept under this name for the hostile tests). */
export const bwrapWorks = sandboxReason;
