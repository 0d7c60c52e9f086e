// `distroless-validate adr` as the bin runs it: bundled on its own as CommonJS (dist/adr/main.cjs,
// scripts/bundle.mjs), so that linting one ADR starts no ES module loader and the bin's code cache
// (ADR 0017) holds what the run compiled. The library and the other commands keep the ES modules.
import { runKind } from '@distroless-service/compile-cache/kind';
import { runProcess } from '../run.js';
import { ADR_EXIT, runAdr } from './command.js';

/** The kind of run, as the compile cache keeps runs apart (compile-cache/kind). */
function kindOf(argv: string[]): string {
  if (argv.includes('--help') || argv.includes('-h')) return 'help';
  return ['init', 'fix', 'fix-dry-run'].find((mode) => argv.includes(`--${mode}`)) ?? 'lint';
}

runProcess(async (argv, io) => {
  const code = await runAdr(argv, io);
  // Once the run has done its work (with findings or without), so the cache keeps a whole run's code.
  if (code !== ADR_EXIT.failed) runKind(kindOf(argv));
  return code;
}, process.argv.slice(3));
