// The native engine without its sandbox: only when asked (`--no-sandbox`, `sandbox: false`), always
// said before anything runs. Each run here gets a PATH that has every tool of this machine except
// bwrap (or a bwrap that cannot start), so the outcome does not depend on whether bubblewrap is
// installed. The service is a generated Node one: Node and npm are all it needs, so nothing skips.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { verifyService } from '@distroless-service/validator/service';
import { describe, expect, it, vi } from 'vitest';
import { validatorCli } from './support/bins.js';
import { generatedService } from './support/services.js';

/** A folder of links to every command on PATH but `bwrap` (optionally a bwrap that fails to start instead). */
function pathWithoutBwrap(broken = false): string {
  const farm = fs.mkdtempSync(path.join(os.tmpdir(), 'path-without-bwrap-'));
  const taken = new Set<string>();
  for (const dir of (process.env.PATH ?? '').split(path.delimiter)) {
    let names: string[] = [];
    try {
      names = fs.readdirSync(dir);
    } catch {
      continue;
    }
    for (const name of names) {
      const target = path.join(dir, name);
      // The first command on PATH wins, as for a shell, which also passes over dangling links.
      if (name === 'bwrap' || taken.has(name) || !fs.existsSync(target)) continue;
      taken.add(name);
      fs.symlinkSync(target, path.join(farm, name));
    }
  }
  if (broken) {
    // What bwrap says where user namespaces are refused.
    fs.writeFileSync(
      path.join(farm, 'bwrap'),
      '#!/bin/sh\necho "bwrap: No permissions to create new namespace" >&2\nexit 1\n',
      { mode: 0o755 },
    );
  }
  return farm;
}

const service = (args: string[], PATH: string) =>
  spawnSync(process.execPath, [validatorCli, 'service', ...args], {
    encoding: 'utf8',
    env: { ...process.env, PATH },
    timeout: 280_000,
  });

const uid = process.getuid!();

describe('native engine without the sandbox', { timeout: 300_000 }, () => {
  it('--no-sandbox verifies a trusted service with no bwrap on PATH, after saying it runs unsandboxed', () => {
    const farm = pathWithoutBwrap();
    const r = service([generatedService('node'), '--engine', 'native', '--no-sandbox', '--format', 'json'], farm);
    expect(r.status, r.stderr).toBe(0);
    const out = JSON.parse(r.stdout);
    expect(out).toMatchObject({ ok: true, engine: 'native' });
    expect(out.steps.map((s: { name: string }) => s.name)).toContain('drain (SIGTERM with a request in flight)');
    // The notice comes before the build: nothing of the target has run when it is printed.
    const notice = r.stderr.indexOf('WITHOUT A SANDBOX (--no-sandbox)');
    expect(notice).toBeGreaterThanOrEqual(0);
    expect(r.stderr).toContain(`the invoking user `);
    expect(r.stderr).toContain(`(uid ${uid})`);
    expect(r.stderr).toContain('Only for code you trust');
    expect(r.stderr).not.toContain('under bubblewrap');
    fs.rmSync(farm, { recursive: true, force: true });
  });

  it('without --no-sandbox and without bwrap, native verification does not run: exit 2, saying why', () => {
    const farm = pathWithoutBwrap();
    const r = service([generatedService('node'), '--engine', 'native'], farm);
    expect(r.status).toBe(2);
    expect(r.stderr).toContain('no bwrap on PATH: the native engine runs the service only inside a bubblewrap sandbox');
    expect(r.stderr).toContain('for code you trust, --no-sandbox runs it without one');
    expect(r.stderr).not.toContain('WITHOUT A SANDBOX');
    // Nothing of the service ran: the static checks are the only step.
    expect(r.stderr).not.toMatch(/build \(native\)/);
    fs.rmSync(farm, { recursive: true, force: true });
  });

  it('a bwrap that cannot start a sandbox is exit 2 too, never a silent fallback', () => {
    const farm = pathWithoutBwrap(true);
    const r = service([generatedService('node'), '--engine', 'native', '--format', 'json'], farm);
    expect(r.status).toBe(2);
    expect(r.stderr).toContain('the bubblewrap sandbox does not start here (exit 1)');
    expect(r.stderr).toContain('No permissions to create new namespace');
    expect(r.stderr).not.toContain('WITHOUT A SANDBOX');
    const out = JSON.parse(r.stdout);
    expect(out.error).toContain('the bubblewrap sandbox does not start here');
    // The build step stopped at the probe: npm ci never ran.
    expect(out.steps.find((s: { name: string }) => s.name === 'build (native)')?.ok).toBe(false);
    fs.rmSync(farm, { recursive: true, force: true });
  });

  it('--no-sandbox is refused with a container engine (exit 2)', () => {
    const r = service(['.', '--engine', 'podman', '--no-sandbox'], process.env.PATH ?? '');
    expect(r.status).toBe(2);
    expect(r.stderr).toContain('--no-sandbox is for the native engine');
  });

  it('sandbox: false through the API says so on stderr when the caller passes no onNotice', async () => {
    const written: string[] = [];
    const spy = vi.spyOn(process.stderr, 'write').mockImplementation((chunk: string | Uint8Array) => {
      written.push(String(chunk));
      return true;
    });
    let result;
    try {
      result = await verifyService(generatedService('node'), { engine: 'native', sandbox: false, timeoutSeconds: 10 });
    } finally {
      spy.mockRestore();
    }
    expect(result.ok, JSON.stringify(result.findings, null, 2)).toBe(true);
    const text = written.join('');
    expect(text).toMatch(/^distroless-validate: --engine native runs the service's code on this machine:/m);
    expect(text).toContain('WITHOUT A SANDBOX (--no-sandbox)');
  });
});
