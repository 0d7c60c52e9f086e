// A service directory whose files are not what they seem: FIFOs (a read blocks forever), links out
// of the directory (/dev/zero, a file elsewhere), files far too large. Each is a finding on that
// file; the check never blocks, never reads without bound and never throws.
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { execa } from 'execa';
import { afterEach, describe, expect, it } from 'vitest';
import { checkStatic } from '../../src/service/static/index.js';
import { readServiceFile } from '../../src/service/read.js';
import { pkgRoot } from '../helpers.js';

const fixture = fileURLToPath(new URL('./fixtures/static/handwritten-node/', import.meta.url));
const made: string[] = [];

function service(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'hostile-service-'));
  made.push(dir);
  fs.cpSync(fixture, dir, { recursive: true });
  const chart = path.join(dir, 'deploy', 'chart');
  fs.mkdirSync(path.join(chart, 'templates'), { recursive: true });
  fs.writeFileSync(path.join(chart, 'Chart.yaml'), 'apiVersion: v2\nname: svc\nversion: 0.1.0\n');
  fs.writeFileSync(path.join(chart, 'values.yaml'), 'replicaCount: 1\n');
  fs.writeFileSync(path.join(dir, '.dockerignore'), '.git\nnode_modules\n');
  return dir;
}

const fifo = (file: string) => {
  fs.rmSync(file, { force: true });
  execFileSync('mkfifo', [file]);
};

afterEach(() => {
  for (const d of made.splice(0)) fs.rmSync(d, { recursive: true, force: true });
});

describe('readServiceFile', () => {
  it('reads a regular file, says null for a missing one and refuses the rest', () => {
    const dir = service();
    expect(readServiceFile(dir, '.dockerignore')).toEqual({ text: '.git\nnode_modules\n' });
    expect(readServiceFile(dir, 'nothing-here')).toBeNull();
    fifo(path.join(dir, 'pipe'));
    expect(readServiceFile(dir, 'pipe')?.problem).toMatch(/^pipe is not a regular file/);
    fs.symlinkSync('/dev/zero', path.join(dir, 'zero'));
    expect(readServiceFile(dir, 'zero')?.problem).toBe(
      'zero is a symbolic link to /dev/zero, outside the service directory; not read',
    );
    fs.symlinkSync('.dockerignore', path.join(dir, 'inside'));
    expect(readServiceFile(dir, 'inside')?.text).toBe('.git\nnode_modules\n');
    fs.mkdirSync(path.join(dir, 'folder'));
    expect(readServiceFile(dir, 'folder')?.problem).toBe('folder is a directory, not a file');
    fs.writeFileSync(path.join(dir, 'big'), 'x'.repeat(101));
    expect(readServiceFile(dir, 'big', 100)?.problem).toMatch(/^big is 0\.0 MB, larger than the 0\.0 MB limit/);
    expect(readServiceFile(dir, 'big', 101)?.text).toHaveLength(101);
  });
});

describe('hostile files in a service (static checks)', () => {
  it('a Dockerfile that links to a file outside the service is a dockerfile-present error, not read', async () => {
    const dir = service();
    const outside = fs.mkdtempSync(path.join(os.tmpdir(), 'hostile-outside-'));
    made.push(outside);
    fs.copyFileSync(path.join(dir, 'Dockerfile'), path.join(outside, 'Dockerfile'));
    fs.rmSync(path.join(dir, 'Dockerfile'));
    fs.symlinkSync(path.join(outside, 'Dockerfile'), path.join(dir, 'Dockerfile'));
    const r = await checkStatic(dir, { helm: false, skipAdr: true });
    expect(r.findings.filter((f) => f.file === 'Dockerfile')).toEqual([
      expect.objectContaining({
        ruleId: 'dockerfile-present',
        severity: 'error',
        message: expect.stringMatching(/^Dockerfile is a symbolic link to .*, outside the service directory; not read/),
      }),
    ]);
    expect(r.facts.runtimeImage).toBeNull();
  });

  it('a values.yaml over the size limit is a helm-chart error (a sparse file: nothing is written)', async () => {
    const dir = service();
    const values = path.join(dir, 'deploy', 'chart', 'values.yaml');
    fs.truncateSync(values, 64 * 1024 * 1024);
    const r = await checkStatic(dir, { helm: false, skipAdr: true });
    expect(r.findings.filter((f) => f.file === 'deploy/chart/values.yaml')).toEqual([
      expect.objectContaining({
        ruleId: 'helm-chart',
        severity: 'error',
        message: 'deploy/chart/values.yaml is 64.0 MB, larger than the 4.0 MB limit; not read',
      }),
    ]);
  });

  it('chart files helm would read (a FIFO template, a link out) are helm-chart errors', async () => {
    const dir = service();
    const templates = path.join(dir, 'deploy', 'chart', 'templates');
    fifo(path.join(templates, 'pipe.yaml'));
    fs.symlinkSync('/etc/hostname', path.join(templates, 'host.yaml'));
    const r = await checkStatic(dir, { helm: false, skipAdr: true });
    const chart = r.findings.filter((f) => f.ruleId === 'helm-chart').map((f) => `${f.file}: ${f.message}`);
    expect(chart).toEqual([
      'deploy/chart/templates/host.yaml: deploy/chart/templates/host.yaml is a symbolic link to /etc/hostname, ' +
        'outside the service directory; helm would read it',
      'deploy/chart/templates/pipe.yaml: deploy/chart/templates/pipe.yaml is not a regular file (a FIFO, socket or ' +
        'device); helm would read it',
    ]);
  });

  // In a child process: a read that blocks on a FIFO would block this test's worker too. The
  // child's time limit only bounds a failure; a passing run answers at once.
  it('FIFOs as Dockerfile, .dockerignore, record, values.yaml: no hang, a finding on each but the record', async () => {
    const dir = service();
    for (const f of ['Dockerfile', '.dockerignore', '.distroless-service.json', 'deploy/chart/values.yaml'])
      fifo(path.join(dir, f));
    const script =
      `const { checkStatic } = await import(${JSON.stringify(path.join(pkgRoot, 'dist', 'index.js'))});` +
      `const r = await checkStatic(process.argv[1], { helm: false, skipAdr: true });` +
      `console.log(JSON.stringify(r.findings.map((f) => [f.ruleId, f.file, f.message])));`;
    const child = await execa('node', ['--input-type=module', '-e', script, dir], { reject: false, timeout: 20_000 });
    expect(child.timedOut, 'the check blocked on a FIFO').toBe(false);
    expect(child.exitCode, child.stderr).toBe(0);
    const findings = JSON.parse(child.stdout) as [string, string, string][];
    expect(findings).toEqual(
      expect.arrayContaining([
        ['dockerfile-present', 'Dockerfile', expect.stringMatching(/^Dockerfile is not a regular file/)],
        ['dockerignore', '.dockerignore', expect.stringMatching(/^\.dockerignore is not a regular file/)],
        ['helm-chart', 'deploy/chart/values.yaml', expect.stringMatching(/values\.yaml is not a regular file/)],
      ]),
    );
  }, 60_000);
});
