// Lint child process (ADR 0019, 0022): started by processes.ts (through child-bin.cts, bundled as
// child.cjs) with --single-threaded-gc for a large run. It is given the run once, then batches of
// file indices; it lints each file as a lint thread does (lintFile: the per-file time limit
// applies here too) and sends one message per file, then asks for the next batch. It exits when
// the parent says so or goes away.
import { lintFile } from './lint.js';
import type { ChildSetup, FromChild, ToChild } from './processes.js';

let setup: ChildSetup | null = null;
const send = (m: FromChild): void => {
  process.send!(m);
};

process.on('message', (m: ToChild) => {
  if ('setup' in m) setup = m.setup;
  else if ('end' in m) process.disconnect();
  else void lintBatch(m.batch);
});
// The parent ended or died: nothing is left to report to.
process.on('disconnect', () => process.exit(0));

async function lintBatch(batch: number[]): Promise<void> {
  try {
    for (const i of batch) {
      const item = setup!.work[i]!;
      const done = await lintFile(
        setup!.isolateAbove === undefined ? item : { ...item, isolateAbove: setup!.isolateAbove },
      );
      send({ i, done });
    }
    send({ more: true });
  } catch (e) {
    send({ error: { name: (e as Error).name, message: (e as Error).message } });
  }
}
