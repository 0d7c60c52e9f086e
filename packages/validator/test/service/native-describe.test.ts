// What the native engine says it will run, before it runs anything, names each build command as the
// user types it: npm's real path is its npm-cli.js, an internal path the notice must not show.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, afterEach, beforeEach, describe, expect, it } from 'vitest';
import { nativeEngine } from '../../src/service/engines/native.js';
import type { ServiceFacts } from '../../src/service/types.js';

const root = fs.mkdtempSync(path.join(os.tmpdir(), 'native-describe-'));
afterAll(() => fs.rmSync(root, { recursive: true, force: true }));

// npm as Node installs it: bin/npm, a link to lib/node_modules/npm/bin/npm-cli.js.
const cli = path.join(root, 'lib', 'node_modules', 'npm', 'bin', 'npm-cli.js');
fs.mkdirSync(path.dirname(cli), { recursive: true });
fs.writeFileSync(cli, '#!/bin/sh\nexit 0\n', { mode: 0o755 });
fs.mkdirSync(path.join(root, 'bin'));
fs.symlinkSync(path.relative(path.join(root, 'bin'), cli), path.join(root, 'bin', 'npm'));
const service = path.join(root, 'svc');
fs.mkdirSync(service);

let savedPath: string | undefined;
beforeEach(() => {
  savedPath = process.env.PATH;
  process.env.PATH = `${path.join(root, 'bin')}${path.delimiter}${savedPath ?? ''}`;
});
afterEach(() => {
  process.env.PATH = savedPath;
});

describe('native engine notice, a Node service', () => {
  it('shows npm ci, npm run build and npm test, never npm-cli.js', async () => {
    const facts: ServiceFacts = {
      language: 'node',
      runtimeImage: null,
      builderImage: null,
      entrypoint: ['node', 'dist/server.js'],
      cmd: null,
      workdir: null,
      user: null,
      port: null,
      builderRuns: ['npm ci && npm run build && npm test'],
    };
    const engine = nativeEngine({ dir: service, facts, keep: false, pull: 'never', sandbox: false });
    try {
      const text = engine.describe!();
      const build = text.split('\n');
      const at = build.findIndex((l) => l.startsWith('  build'));
      expect(build.slice(at + 1, at + 4)).toEqual([
        '    npm ci --no-audit --no-fund',
        '    npm run build',
        '    npm test',
      ]);
      expect(text).not.toContain('npm-cli.js');
    } finally {
      await engine.cleanup();
    }
  });
});
