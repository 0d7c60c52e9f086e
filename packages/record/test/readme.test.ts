// The README's tables against the module: a row for every export and for every field a record
// can hold, and none for anything else. Removing a row fails here.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import * as record from '../src/index.js';

const readme = readFileSync(new URL('../README.md', import.meta.url), 'utf8');

/** The names in backticks at the start of the first column of the table headed `header`. */
function tableNames(header: string): string[] {
  const lines = readme.split('\n');
  const head = lines.findIndex((l) => l.startsWith(`| ${header} |`));
  expect(head, header).toBeGreaterThanOrEqual(0);
  const end = lines.findIndex((l, i) => i > head && !l.startsWith('|'));
  return lines
    .slice(head + 2, end < 0 ? undefined : end)
    .map((l) => /^\| `(\w+)/.exec(l)?.[1] ?? l)
    .sort();
}

describe('README: @distroless-service/record', () => {
  it('the API table has a row for every export', () => {
    expect(tableNames('export')).toEqual(Object.keys(record).sort());
  });

  it('the field table has a row for every field formatRecord writes', () => {
    const full = record.formatRecord({
      generator: record.GENERATOR,
      templateVersion: '1.0.0',
      templateHash: `sha256:${'0'.repeat(64)}`,
      generated: '2026-01-15',
      digests: { 'node:24': `sha256:${'1'.repeat(64)}` },
      answers: {},
    });
    expect(tableNames('field')).toEqual(Object.keys(JSON.parse(full)).sort());
  });
});
