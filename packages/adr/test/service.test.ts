// The workflow in a service made by create-distroless-service: its docs/adr/README.md carries the
// index markers, the index there is current, and new/index keep it so.
import { spawnSync } from 'node:child_process';
import { createRequire } from 'node:module';
import path from 'node:path';
import { lintAdrs } from '@distroless-service/validator';
import { describe, expect, it } from 'vitest';
import { adr, read, tmpRepo } from './support/cli.js';

const require = createRequire(import.meta.url);
const generator = path.join(path.dirname(require.resolve('create-distroless-service/package.json')), 'dist', 'cli.cjs');

describe('in a generated service', () => {
  for (const base of ['distroless', 'chainguard']) {
    it(`${base}: the index is current, and new + index keep the folder clean`, async () => {
      const root = tmpRepo();
      const g = spawnSync(process.execPath, [generator, 'svc', '--lang', 'go', '--base', base, '--yes', '--no-git'], {
        cwd: root,
        encoding: 'utf8',
      });
      expect(g.status, g.stderr).toBe(0);
      const svc = path.join(root, 'svc');
      expect(adr(svc, ['index', '--check']).status).toBe(0);
      const r = adr(svc, ['new', 'Expose metrics on /metrics']);
      expect(r.status, r.stderr).toBe(0);
      expect(r.stdout.trim()).toBe(path.join('docs', 'adr', '0002-expose-metrics-on-metrics.md'));
      // The first record is MADR 4 with Decision Drivers: the new one follows it.
      expect(read(svc, r.stdout.trim())).toContain('## Pros and Cons of the Options');
      expect(adr(svc, ['index', '--check']).status).toBe(1);
      expect(adr(svc, ['index']).status).toBe(0);
      expect(adr(svc, ['index', '--check']).status).toBe(0);
      expect(read(svc, 'docs/adr/README.md')).toContain(
        '| [0002](0002-expose-metrics-on-metrics.md) | Expose metrics on /metrics | proposed |',
      );
      const results = await lintAdrs(['docs/adr'], { cwd: svc });
      expect(results.flatMap((x) => x.messages.filter((m) => m.severity === 'error'))).toEqual([]);
    });
  }
});
