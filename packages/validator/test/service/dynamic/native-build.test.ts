// A failing build step of the native engine is named as the user types it: npm's real path is its
// npm-cli.js, which the message must not show.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { nativeEngine } from '../../../src/service/engines/native.js';
import type { ServiceFacts } from '../../../src/service/types.js';
import { sandboxReason } from './sandbox.js';

const reason = sandboxReason('npm');
if (reason && !process.env.CI) console.warn(`SKIP a failing native Node build: ${reason}`);

const work = fs.mkdtempSync(path.join(os.tmpdir(), 'native-build-'));
afterAll(() => fs.rmSync(work, { recursive: true, force: true }));

describe.skipIf(reason !== null && !process.env.CI)('native engine, a Node service whose tests fail', () => {
  it('says "npm test failed (exit 1)" and points at the RUN step `npm test`', { timeout: 180_000 }, async () => {
    if (reason) throw new Error(`${reason} — required because CI=true`);
    const pkg = { name: 'failing', version: '1.0.0', private: true, scripts: { test: 'exit 1' } };
    fs.writeFileSync(path.join(work, 'package.json'), JSON.stringify(pkg));
    fs.writeFileSync(
      path.join(work, 'package-lock.json'),
      JSON.stringify({
        name: 'failing',
        version: '1.0.0',
        lockfileVersion: 3,
        requires: true,
        packages: { '': { name: 'failing', version: '1.0.0' } },
      }),
    );
    fs.writeFileSync(path.join(work, 'server.js'), '');
    const facts: ServiceFacts = {
      language: 'node',
      runtimeImage: null,
      builderImage: null,
      entrypoint: ['node', 'server.js'],
      cmd: null,
      workdir: null,
      user: null,
      port: null,
      builderRuns: ['npm ci && npm test'],
    };
    const engine = nativeEngine({ dir: work, facts, keep: false, pull: 'never' });
    try {
      const error = await engine.build().catch((e: unknown) => e as Error & { step?: string });
      expect(error).toBeInstanceOf(Error);
      expect([error!.message, error!.step]).toEqual(['npm test failed (exit 1)', 'npm test']);
    } finally {
      await engine.cleanup();
    }
  });
});
