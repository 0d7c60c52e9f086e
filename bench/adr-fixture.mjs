// The folder `distroless-adr new` is measured on, shared by bench/adr-new.mjs and bench/startup.mjs
// so that both measure the same thing (issue 8's case): 200 adr-tools records in doc/adr, found
// from the working directory, the dialect read from the newest one. Each run's new record is
// removed (untimed) by `clean`, so every run sees the same 200 records.
import fs from 'node:fs';
import path from 'node:path';

export const RECORDS = 200;
export const TITLE = 'A new decision';

/** Fills root/doc/adr with the records; returns the path each `new` run writes. */
export function adrFixture(root) {
  fs.mkdirSync(path.join(root, 'doc', 'adr'), { recursive: true });
  for (let i = 1; i <= RECORDS; i++) {
    const n = String(i).padStart(4, '0');
    fs.writeFileSync(
      path.join(root, 'doc', 'adr', `${n}-decision-number-${i}.md`),
      `# ${i}. Decision number ${i}\n\nDate: 2026-01-01\n\n## Status\n\nAccepted\n\n## Context\n\nWhy ${i}.\n\n## Decision\n\nWhat ${i}.\n\n## Consequences\n\nThen ${i}.\n`,
    );
  }
  return path.join(root, 'doc', 'adr', `${String(RECORDS + 1).padStart(4, '0')}-a-new-decision.md`);
}

/** Removes the record a run made; a run that made none is a broken run. */
export function clean(made, what) {
  if (!fs.existsSync(made)) throw new Error(`${what} did not write ${made}`);
  fs.rmSync(made);
}

/** The middle value (the mean of the two middle ones for an even count). */
export function median(xs) {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
}
