// The native engine checks the local go against go.mod's `go` line before it builds anything: an
// older go fails a build with GOTOOLCHAIN=local only deep inside it. A fake `go` on PATH plays the
// old toolchain.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, afterEach, beforeEach, describe, expect, it } from 'vitest';
import { main } from '../../src/cli.js';
import { nativeEngine } from '../../src/service/engines/native.js';
import { goModVersion, parseGoVersion } from '../../src/service/tools.js';
import type { ServiceFacts } from '../../src/service/types.js';

const root = fs.mkdtempSync(path.join(os.tmpdir(), 'go-version-'));
afterAll(() => fs.rmSync(root, { recursive: true, force: true }));

const bin = path.join(root, 'bin');
const service = path.join(root, 'svc');
fs.mkdirSync(bin);
fs.mkdirSync(service);
fs.writeFileSync(path.join(service, 'go.mod'), 'module example.com/svc\n\ngo 1.26.0\n');
fs.writeFileSync(path.join(service, 'main.go'), 'package main\n\nfunc main() {}\n');
fs.writeFileSync(
  path.join(service, 'Dockerfile'),
  'FROM golang:1.26-trixie AS build\nWORKDIR /src\nCOPY . .\nRUN go build -o /out/svc .\n' +
    'FROM gcr.io/distroless/static-debian13:nonroot\nCOPY --from=build /out/svc /svc\nENTRYPOINT ["/svc"]\n',
);

/** A `go` that prints `version` for `go version` and fails anything else (no build may start). */
function fakeGo(version: string): void {
  fs.writeFileSync(
    path.join(bin, 'go'),
    `#!/bin/sh\nif [ "$1" = version ]; then echo "go version ${version} linux/amd64"; exit 0; fi\n` +
      `echo "fake go: $*" >&2\nexit 97\n`,
    { mode: 0o755 },
  );
}

const facts: ServiceFacts = {
  language: 'go',
  runtimeImage: null,
  builderImage: null,
  entrypoint: ['/svc'],
  cmd: null,
  workdir: null,
  user: null,
  port: null,
  builderRuns: ['go build -o /out/svc .'],
};

let savedPath: string | undefined;
beforeEach(() => {
  savedPath = process.env.PATH;
  process.env.PATH = `${bin}${path.delimiter}${savedPath ?? ''}`;
});
afterEach(() => {
  process.env.PATH = savedPath;
});

describe('native engine, a go older than go.mod asks for', () => {
  it('refuses before building, naming both versions and what to do', () => {
    fakeGo('go1.22.1');
    expect(() => nativeEngine({ dir: service, facts, keep: false, pull: 'never', sandbox: false })).toThrow(
      `${path.join(bin, 'go')} is go1.22.1, older than go 1.26.0 that go.mod's go line asks for: ` +
        'install Go 1.26.0 or later (https://go.dev/dl/) and put it first on PATH, or use a container engine',
    );
  });

  it('distroless-validate service --engine native exits 2 with that message', async () => {
    fakeGo('go1.25.7');
    let stderr = '';
    const code = await main(['service', service, '--engine', 'native', '--no-sandbox', '--format', 'json'], {
      cwd: root,
      stdout: () => {},
      stderr: (t) => (stderr += t),
    });
    expect(stderr).toContain('is go1.25.7, older than go 1.26.0 that go.mod');
    expect(stderr).not.toContain('fake go:');
    // Native was chosen, not fallen back to: no word of container engines.
    expect(stderr).toContain('the native engine cannot build it: ');
    expect(stderr).not.toContain('no container engine');
    expect(code).toBe(2);
  });

  it('lets the same or a newer go through (a release candidate is older than its release)', async () => {
    for (const v of ['go1.26.0', 'go1.27.1']) {
      fakeGo(v);
      const engine = nativeEngine({ dir: service, facts, keep: false, pull: 'never', sandbox: false });
      await engine.cleanup();
    }
    fakeGo('go1.26rc2');
    expect(() => nativeEngine({ dir: service, facts, keep: false, pull: 'never', sandbox: false })).toThrow(
      /is go1\.26rc2, older than go 1\.26\.0/,
    );
  });

  it('reads go.mod and go version forms', () => {
    expect(goModVersion(service)).toBe('1.26.0');
    expect(parseGoVersion('1.26')).toEqual([1, 26, 0]);
    expect(parseGoVersion('go1.26rc1')).toEqual([1, 26, -1]);
    expect(parseGoVersion('go1.25.7')).toEqual([1, 25, 7]);
  });
});
