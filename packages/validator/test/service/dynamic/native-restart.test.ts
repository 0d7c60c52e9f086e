// The native engine starts one build more than once (bench/services.mjs measures load, then the
// slow client, on the same build): each start in the sandbox gets its own relay, and a finished
// service's relay goes with it.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { nativeEngine } from '../../../src/service/engines/native.js';
import { freePort, get, waitReady } from '../../../src/service/probe.js';
import type { ServiceFacts } from '../../../src/service/types.js';
import { sandboxReason } from './sandbox.js';

const reason = sandboxReason('python3');
if (reason && !process.env.CI) console.warn(`SKIP restarting a sandboxed service: ${reason}`);

// A service of a few lines: 200 on every GET, exit 0 on SIGTERM.
const SERVER = `
import http.server, os, signal, sys, threading
class H(http.server.BaseHTTPRequestHandler):
    def do_GET(self):
        self.send_response(200)
        self.send_header("Content-Length", "0")
        self.end_headers()
    def log_message(self, *args):
        pass
server = http.server.ThreadingHTTPServer(("127.0.0.1", int(os.environ["PORT"])), H)
signal.signal(signal.SIGTERM, lambda *_: threading.Thread(target=server.shutdown).start())
server.serve_forever()
sys.exit(0)
`;

const work = fs.mkdtempSync(path.join(os.tmpdir(), 'native-restart-'));
afterAll(() => fs.rmSync(work, { recursive: true, force: true }));

describe.skipIf(reason !== null && !process.env.CI)('native engine, one build started twice', () => {
  it(
    'serves each start through a relay of its own, and ends a relay with its service',
    { timeout: 180_000 },
    async () => {
      if (reason) throw new Error(`${reason} — required because CI=true`);
      fs.writeFileSync(path.join(work, 'server.py'), SERVER);
      const facts: ServiceFacts = {
        language: 'python',
        runtimeImage: null,
        builderImage: null,
        entrypoint: ['python3', 'server.py'],
        cmd: null,
        workdir: null,
        user: null,
        port: null,
        builderRuns: [],
      };
      const engine = nativeEngine({ dir: work, facts, keep: false, pull: 'never' });
      try {
        await engine.build();
        for (let start = 1; start <= 2; start++) {
          const port = await freePort();
          const svc = await engine.start({ hostPort: port, servicePort: port, env: {}, graceSeconds: 10 });
          await waitReady(svc, 60_000);
          expect((await get(svc.port, '/readyz')).status, `start ${start}`).toBe(200);
          await svc.stop();
          expect((await svc.exited).code, `start ${start}`).toBe(0);
          // The relay closed its front with the service: nothing answers there any more.
          await expect(get(svc.port, '/readyz', { timeoutMs: 5_000 }), `start ${start}`).rejects.toThrow();
        }
      } finally {
        await engine.cleanup();
      }
    },
  );
});
