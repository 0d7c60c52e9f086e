// `distroless-validate adr` as the bin runs it: bundled on its own as CommonJS (dist/adr/main.cjs,
// scripts/bundle.mjs), so that linting one ADR starts no ES module loader and the bin's code cache
// (ADR 0017) holds what the run compiled. The library and the other commands keep the ES modules.
import { runProcess } from '../run.js';
import { runAdr } from './command.js';

runProcess(runAdr, process.argv.slice(3));
