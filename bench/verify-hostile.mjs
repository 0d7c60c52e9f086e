#!/usr/bin/env node
// How long hostile inputs keep `distroless-validate service` alive, and how much memory they cost,
// next to a well-behaved service verified in the same run (the baseline):
//   a unit test that never ends (native and podman), a service that never answers /readyz, an alias
//   bomb in values.yaml, a chart that renders ~3 GB, a service that prints ~1.2 GB to stdout.
// Peak memory: the verifier's own peak RSS (VmHWM polled from /proc) and the largest process of its
// tree (GNU time's %M, e.g. helm).
// Run by hand after `npx -y pnpm@10 run build`:
//   node bench/verify-hostile.mjs [--stdout-mb 1200] [--chart-mb 3000] [--skip-podman]
import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';

const root = path.dirname(path.dirname(fileURLToPath(import.meta.url)));
const cli = path.join(root, 'packages/validator/dist/cli.js');
const { values } = parseArgs({
  options: {
    'stdout-mb': { type: 'string', default: '1200' },
    'chart-mb': { type: 'string', default: '3000' },
    'skip-podman': { type: 'boolean', default: false },
  },
});
const work = fs.mkdtempSync(path.join(os.tmpdir(), 'bench-hostile-'));

// A stdlib-only Python service whose misbehaviour is chosen by files next to it.
const APP = `import os, signal, sys, threading, time
from http.server import ThreadingHTTPServer, BaseHTTPRequestHandler
def setting(name):
    return open('hostile-' + name).read().strip()
class H(BaseHTTPRequestHandler):
    def log_message(self, *a):
        pass
    def do_GET(self):
        if self.path.startswith('/debug/slow'):
            time.sleep(int(self.path.split('ms=')[1]) / 1000 if 'ms=' in self.path else 1)
        code = 503 if self.path == '/readyz' and not ready else 200 if self.path in ('/readyz', '/healthz') or self.path.startswith('/debug/slow') else 404
        self.send_response(code); self.send_header('Content-Length', '2'); self.end_headers(); self.wfile.write(b'ok')
class S(ThreadingHTTPServer):
    daemon_threads = False
ready = True
left = int(setting('prints'))
line = b'x' * 65535 + b'\\n'
while left > 0:
    sys.stdout.buffer.write(line); left -= len(line)
sys.stdout.flush()
time.sleep(float(setting('start-sleeps')))
srv = S(('0.0.0.0', int(os.environ.get('PORT', '8080'))), H)
def term(*_):
    global ready
    ready = False
    threading.Thread(target=lambda: (time.sleep(float(os.environ.get('SHUTDOWN_DELAY_SECONDS', '1'))), srv.shutdown())).start()
signal.signal(signal.SIGTERM, term)
srv.serve_forever()
srv.server_close()
`;
const TEST = `import subprocess, sys, time, unittest
class T(unittest.TestCase):
    def test_it(self):
        s = float(open('hostile-test-sleeps').read())
        if s:
            subprocess.Popen([sys.executable, '-c', 'import time; time.sleep(3600)'])
            time.sleep(s)
`;

function service(name, { testSleeps = 0, startSleeps = 0, prints = 0 } = {}) {
  const dir = path.join(work, name);
  fs.mkdirSync(path.join(dir, 'tests'), { recursive: true });
  fs.writeFileSync(path.join(dir, 'app.py'), APP);
  fs.writeFileSync(path.join(dir, 'tests', 'test_it.py'), TEST);
  for (const [k, v] of Object.entries({ 'test-sleeps': testSleeps, 'start-sleeps': startSleeps, prints }))
    fs.writeFileSync(path.join(dir, `hostile-${k}`), String(v));
  fs.writeFileSync(path.join(dir, '.dockerignore'), '.git\n');
  fs.writeFileSync(
    path.join(dir, 'Dockerfile'),
    'FROM localhost/python:3.13-slim-trixie AS build\nWORKDIR /app\nCOPY . .\n' +
      'RUN python3 -m unittest discover -s tests\nFROM gcr.io/distroless/python3-debian13:nonroot\n' +
      'WORKDIR /app\nCOPY --from=build /app /app\nUSER 65532:65532\nEXPOSE 8080\nENTRYPOINT ["python3", "app.py"]\n',
  );
  return dir;
}

function chart(dir, { valuesText, renderMb = 0 }) {
  const c = path.join(dir, 'deploy', 'chart');
  fs.mkdirSync(path.join(c, 'templates'), { recursive: true });
  fs.writeFileSync(path.join(c, 'Chart.yaml'), 'apiVersion: v2\nname: hostile\nversion: 0.1.0\n');
  fs.writeFileSync(path.join(c, 'values.yaml'), valuesText ?? 'replicaCount: 1\n');
  if (renderMb)
    // Each ConfigMap carries 1 MiB: renderMb of them.
    fs.writeFileSync(
      path.join(c, 'templates', 'big.yaml'),
      `{{- $blob := repeat 1048576 "x" }}\n{{- range $i := until ${renderMb} }}\n---\napiVersion: v1\n` +
        'kind: ConfigMap\nmetadata:\n  name: big-{{ $i }}\ndata:\n  blob: {{ $blob }}\n{{- end }}\n',
    );
}

/** Runs the CLI under GNU time; polls the verifier's own peak RSS. */
async function measure(label, dir, args) {
  const started = Date.now();
  const child = spawn('/usr/bin/time', ['-f', 'TIME %M', process.execPath, cli, 'service', dir, ...args], {
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  let stderr = '';
  child.stderr.setEncoding('utf8').on('data', (d) => (stderr = (stderr + d).slice(-20_000)));
  let verifierPeak = 0;
  const poll = setInterval(() => {
    try {
      const kids = fs.readFileSync(`/proc/${child.pid}/task/${child.pid}/children`, 'utf8').trim().split(/\s+/);
      const status = fs.readFileSync(`/proc/${kids[0]}/status`, 'utf8');
      verifierPeak = Math.max(verifierPeak, Number(/VmHWM:\s+(\d+)/.exec(status)?.[1] ?? 0));
    } catch {
      // between processes
    }
  }, 100);
  const code = await new Promise((resolve) => child.on('exit', resolve));
  clearInterval(poll);
  const treePeak = Number(/TIME (\d+)/.exec(stderr)?.[1] ?? 0);
  const exit = /Command exited with non-zero status (\d+)/.exec(stderr)?.[1] ?? code;
  if (process.env.BENCH_VERBOSE) console.error(`--- ${label}\n${stderr.slice(-3000)}`);
  return {
    input: label,
    exit: Number(exit),
    seconds: ((Date.now() - started) / 1000).toFixed(1),
    'verifier peak RSS (MiB)': (verifierPeak / 1024).toFixed(0),
    'largest process of the tree (MiB)': (treePeak / 1024).toFixed(0),
  };
}

const helm = spawnSync('sh', ['-c', 'command -v helm']).stdout.toString().trim();
const rows = [];
const baseline = await measure('well-behaved service (baseline)', service('ok'), [
  '--engine',
  'native',
  '--grace',
  '10',
]);
rows.push(baseline);
rows.push(
  await measure('unit test never ends (native, --timeout 60)', service('sleeps', { testSleeps: 3600 }), [
    '--engine',
    'native',
    '--timeout',
    '60',
  ]),
);
if (!values['skip-podman'])
  rows.push(
    await measure('unit test never ends (podman, --timeout 60)', service('sleeps-podman', { testSleeps: 3600 }), [
      '--engine',
      'podman',
      '--pull',
      'never',
      '--timeout',
      '60',
    ]),
  );
rows.push(
  await measure('never ready (native, --grace 30)', service('never-ready', { startSleeps: 3600 }), [
    '--engine',
    'native',
    '--grace',
    '30',
  ]),
);
const bomb = service('alias-bomb');
const lines = ['a0: &a0 [x, x, x, x, x, x, x, x, x]'];
for (let i = 1; i <= 9; i++)
  lines.push(
    `a${i}: &a${i} [${Array(9)
      .fill(`*a${i - 1}`)
      .join(', ')}]`,
  );
chart(bomb, { valuesText: `${lines.join('\n')}\n` });
rows.push(await measure('alias bomb in values.yaml', bomb, ['--engine', 'native', '--grace', '10']));
if (helm) {
  const big = service('big-chart');
  chart(big, { renderMb: Number(values['chart-mb']) });
  rows.push(
    await measure(`chart rendering ~${values['chart-mb']} MB (helm ${helm})`, big, [
      '--engine',
      'native',
      '--grace',
      '10',
    ]),
  );
} else {
  console.warn('no helm on PATH: the big-chart row is skipped (.ci/tools.sh helm)');
}
const stdoutMb = Number(values['stdout-mb']);
rows.push(
  await measure(`service printing ${stdoutMb} MB to stdout`, service('flood', { prints: stdoutMb * 1e6 }), [
    '--engine',
    'native',
    '--grace',
    '120',
  ]),
);
for (const r of rows) r['time vs baseline'] = `${(Number(r.seconds) / Number(baseline.seconds)).toFixed(1)}x`;
console.table(rows);
if (!process.env.BENCH_KEEP) fs.rmSync(work, { recursive: true, force: true });
