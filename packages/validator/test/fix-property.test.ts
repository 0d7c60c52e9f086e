// --fix is honest: what the linter calls fixable is what one fix run changes, it leaves nothing
// fixable behind, and a fix never brings a finding of a new kind. Checked on generated records
// built from real-world fragments.
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { lintAdrs } from '../src/index.js';
import { tmpDir } from './helpers.js';

const front = fc.constantFrom(
  '',
  '---\nstatus: ✅ Accepted\ndate: 2024-01-02\n---\n\n',
  '---\nstatus: "âœ… Accepted"\ndate: 2024-01-02\n---\n\n',
  'status: accepted date: 2026-03-12\n',
  '---\nstatus: proposed\n---\n\n',
  // Unfenced front matter whose status also needs a fix: the edits overlap on line 1.
  'Status: acepted\nDate: 2024-01-02\n\n',
  'Status: ✅ Acepted\nDate: 2024-01-02\n\n',
  'status: 🚀 acepted date: 2026-03-12\n',
);
const title = fc.constantFrom('# 1. Use X\n\n', 'ADR-0001: Use X\n', '', '# Use X\n\n');
const meta = fc.constantFrom(
  '',
  'Date: 2024-01-01\n\n',
  '- Status: Acepted\n- Date: 2021-02-03\n\n',
  '**Status:** 🚀 Proposed\n\n',
);
const status = fc.constantFrom(
  '',
  '## Status\n\nAccepted\n\n',
  '## Status\n\nAcepted\n\n',
  '## Status\n\n✅ Accepted\n\n',
  '## Status\n\nImplemented\n\n',
  '## Status\n\nAccepted \u001b]0;title\u0007\n\n',
  '## Status\n\n\u001b[1mAcepted\u001b[0m\n\n',
);
const section = fc.constantFrom(
  '## Context\n\nWhy.\n\n',
  'Context\nWhy.\n',
  'Context and Problem Statement\n\nWhy.\n\n',
  '## Decision\n\nWhat.\n\n',
  'Decision Outcome\nChosen.\n',
  '## Consequences\n\nThen.\n\n',
  'Consequences\n- Good\n',
  '### Positive\n\nGood.\n\n',
  'Considered Options\n- A\n- B\n',
);
const record = fc
  .tuple(front, title, meta, status, fc.array(section, { maxLength: 5 }))
  .map(([f, t, m, s, body]) => `${f}${t}${m}${s}${body.join('')}`);

describe('--fix is honest', () => {
  it('fixes exactly the findings it calls fixable in one run, and adds no new kind of finding', async () => {
    const dir = tmpDir();
    const file = path.join(dir, '0001-use-x.md');
    await fc.assert(
      fc.asyncProperty(record, async (text) => {
        writeFileSync(file, text);
        const [before] = await lintAdrs([file], { cwd: dir, config: {} });
        const fixable = before!.messages.filter((m) => m.fix).length;
        const [after] = await lintAdrs([file], { cwd: dir, fix: true, config: {} });
        expect(after!.fixed?.length ?? 0).toBe(fixable);
        expect(after!.messages.filter((m) => m.fix).map((m) => m.ruleId)).toEqual([]);
        // Each repair is reported at the line of the finding a plain run showed, whichever pass made it.
        const key = (m: { ruleId: string; line: number }) => `${m.line} ${m.ruleId}`;
        expect((after!.fixed ?? []).map(key).sort()).toEqual(
          before!.messages
            .filter((m) => m.fix)
            .map(key)
            .sort(),
        );
        if (fixable === 0) expect(readFileSync(file, 'utf8')).toBe(text);
        const was = new Set(before!.messages.map((m) => m.ruleId));
        expect(after!.messages.map((m) => m.ruleId).filter((id) => !was.has(id))).toEqual([]);
      }),
      {
        numRuns: 150,
        // Found by this property: fencing pasted front matter over a Status section used to change the
        // body profile and raise a new required-sections finding.
        examples: [
          [
            'status: accepted date: 2026-03-12\n# 1. Use X\n\n## Status\n\n✅ Accepted\n\n## Decision\n\nWhat.\n\n' +
              '## Context\n\nWhy.\n\n',
          ],
        ],
      },
    );
    // 300 lint runs in-process: minutes, not seconds, on a busy shared machine; the bound is for a hang.
  }, 300_000);
});
