import { readdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { adr, adrAsync, read, tmpRepo } from './support/cli.js';

describe('concurrent new', () => {
  it('never gives two records the same number', async () => {
    const dir = tmpRepo({ 'doc/adr/0001-first.md': '# 1. First\n\nDate: 2026-01-01\n\n## Status\n\nAccepted\n' });
    const n = 8;
    const runs = await Promise.all(
      Array.from({ length: n }, (_, i) => adrAsync(dir, ['new', `Racer ${i}`, '--template', 'nygard'])),
    );
    for (const r of runs) expect(r.status, r.stderr).toBe(0);
    const files = readdirSync(path.join(dir, 'doc/adr')).sort();
    expect(files).toHaveLength(n + 1);
    const numbers = files.map((f) => Number(f.slice(0, 4)));
    expect(numbers).toEqual(Array.from({ length: n + 1 }, (_, i) => i + 1));
    // Each printed path is a distinct file whose title carries its own number.
    const printed = new Set(runs.map((r) => r.stdout.trim()));
    expect(printed.size).toBe(n);
    for (const p of printed) {
      const file = path.basename(p);
      expect(read(dir, p)).toMatch(new RegExp(`^# ${Number(file.slice(0, 4))}\\. Racer \\d\\n`));
    }
  });

  it('takes over a lock left by a run that died', () => {
    const dir = tmpRepo({ 'doc/adr/0001-first.md': '# 1. First\n\n## Status\n\nAccepted\n' });
    // A pid that cannot be running (above the kernel's pid_max).
    writeFileSync(path.join(dir, 'doc/adr/.distroless-adr.lock'), '2147483646');
    const r = adr(dir, ['new', 'After a crash']);
    expect(r.status, r.stderr).toBe(0);
    expect(readdirSync(path.join(dir, 'doc/adr')).sort()).toEqual(['0001-first.md', '0002-after-a-crash.md']);
  });
});
