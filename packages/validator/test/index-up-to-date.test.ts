import { mkdtempSync, readFileSync, rmSync, writeFileSync, mkdirSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { lintAdrs } from '../src/index.js';
import { indexState, INDEX_END, INDEX_START } from '../src/adr/adr-index.js';

const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

const adrText = (n: number, title: string, status: string) =>
  `# ${n}. ${title}\n\nDate: 2026-01-0${n}\n\n## Status\n\n${status}\n\n` +
  '## Context\n\nc\n\n## Decision\n\nd\n\n## Consequences\n\ne\n';

describe('index-up-to-date (review finding 10)', () => {
  it('names the command a service can run, the README line of the row, and line 1 of the record, not 0:0', async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'idx-'));
    dirs.push(dir);
    const adrDir = path.join(dir, 'docs/adr');
    mkdirSync(adrDir, { recursive: true });
    writeFileSync(path.join(adrDir, '0001-use-x.md'), adrText(1, 'Use X', 'Proposed'));
    writeFileSync(path.join(adrDir, 'README.md'), `# ADRs\n\n${INDEX_START}\n${INDEX_END}\n`);
    const { expected } = indexState(adrDir, { ignore: [], statuses: ['proposed', 'accepted'] });
    writeFileSync(path.join(adrDir, 'README.md'), expected);
    const rowLine = expected.split('\n').findIndex((l) => l.includes('(0001-use-x.md)')) + 1;
    expect(rowLine).toBeGreaterThan(3);
    writeFileSync(path.join(adrDir, '0001-use-x.md'), adrText(1, 'Use X', 'Accepted'));
    writeFileSync(path.join(adrDir, '0002-use-y.md'), adrText(2, 'Use Y', 'Proposed'));
    const found = (await lintAdrs(['docs/adr'], { cwd: dir })).flatMap((r) =>
      r.messages.filter((m) => m.ruleId === 'index-up-to-date').map((m) => `${r.file}:${m.line} ${m.message}`),
    );
    const start = readFileSync(path.join(adrDir, 'README.md'), 'utf8').split('\n').indexOf(INDEX_START) + 1;
    expect(found).toEqual([
      `docs/adr/0001-use-x.md:1 its row in the index in docs/adr/README.md:${rowLine} is out of date; ` +
        "run 'npx @distroless-service/adr index'",
      `docs/adr/0002-use-y.md:1 missing from the index in docs/adr/README.md:${start}; ` +
        "run 'npx @distroless-service/adr index'",
    ]);
  });
});
