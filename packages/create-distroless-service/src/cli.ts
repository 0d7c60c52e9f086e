#!/usr/bin/env node
// create-distroless-service [dir]: flags, an answers file and (on a terminal) prompts are merged and
// checked against one answers schema (resolve.ts), rendered into memory (render.ts) and written
// atomically (write.ts). `update` is a separate command in its own lazily loaded bundle.
// First: signals are handled from start-up on (early-signals.ts).
import { takeOverSignals } from './early-signals.js';
import path from 'node:path';
import { AnswersError, type Answers } from './answers.js';
import { EXIT, parseCli, SIGNAL_EXIT, UsageError, USAGE } from './args.js';
import { err, out } from '@distroless-service/compile-cache/print';
import { runKind } from '@distroless-service/compile-cache/kind';
import { chainguardUnpinned } from './digests.js';
import { generate, GitError, InterruptedError, type GenerateResult } from './generate.js';
import { resolveAnswers } from './resolve.js';
import { shellWord } from './text.js';
import { locateTemplates } from './templates.js';
import { TargetError, workingDirectory } from './write.js';

async function main(argv: string[]): Promise<number> {
  if (argv[0] === 'update') {
    // Bundled separately (dist/update.cjs, see scripts/build.mjs): scaffolding never loads it.
    const { runUpdate } = await (await import('./update/load.js')).loadUpdate();
    // runUpdate installs its own handlers before its first await.
    takeOverSignals();
    const code = await runUpdate(argv.slice(1));
    if (code === EXIT.ok) runKind('update');
    return code;
  }
  const options = parseCli(argv);
  if (options.help) {
    out(USAGE);
    runKind('help');
    return EXIT.ok;
  }
  const templates = locateTemplates();
  if (options.version) {
    out(templates.version);
    runKind('version');
    return EXIT.ok;
  }
  // Every relative path below resolves against it; a shell left in a replaced folder gets exit 2.
  const cwd = workingDirectory();
  const { answers, dir } = await resolveAnswers({
    ...options,
    // Read only when answers are missing: process.stdin is a stream made on first use, which
    // loads Node's stream machinery, a good part of a non-interactive scaffold's start-up.
    get interactive() {
      return Boolean(process.stdin.isTTY) && !process.env.CI;
    },
    ask: async (missing, suggested) => {
      const { questions, ask } = await import('./prompts.js');
      return ask(questions(missing, suggested));
    },
  });
  // From here a signal no longer kills the process mid-write: it stops generation before the write,
  // or, arriving during the (synchronous) write, is handled once the target is whole.
  const controller = new AbortController();
  let caught: NodeJS.Signals | undefined;
  const onSignal = (signal: NodeJS.Signals) => {
    caught ??= signal;
    controller.abort();
  };
  takeOverSignals();
  for (const signal of Object.keys(SIGNAL_EXIT)) process.on(signal, onSignal);
  try {
    const result = await generate({
      dir,
      answers,
      force: options.force,
      dryRun: options.dryRun,
      git: options.git,
      pinDigests: options.pinDigests,
      templates,
      signal: controller.signal,
    });
    if (result.recovered) err(`note: ${result.recovered}`);
    report(result, answers, Boolean(options.pinDigests), cwd);
    // Once the work is done, so the compile cache keeps a whole scaffold's code (compile-cache/kind).
    runKind(result.dryRun ? 'dry-run' : 'scaffold');
    if (caught) {
      err(`create-distroless-service: ${caught} arrived while writing; the service was written completely`);
      return SIGNAL_EXIT[caught]!;
    }
    return EXIT.ok;
  } catch (error) {
    // A Ctrl-C reaches the whole process group, git too, and git's death can surface here before
    // our own handler has run (it runs on the next turn of the event loop): wait for it, bounded,
    // so the user's interrupt is not reported as a git failure. A signal only git got stays one.
    if (!caught && error instanceof GitError && error.signal && error.signal in SIGNAL_EXIT) {
      await signalled(controller.signal, 1000);
    }
    if (caught) {
      err(`create-distroless-service: interrupted (${caught}); nothing was written`);
      return SIGNAL_EXIT[caught]!;
    }
    throw error;
  }
}

/** Resolves when `signal` aborts, or after `ms`. */
function signalled(signal: AbortSignal, ms: number): Promise<void> {
  return new Promise((resolve) => {
    if (signal.aborted) return resolve();
    const timer = setTimeout(resolve, ms);
    signal.addEventListener(
      'abort',
      () => {
        clearTimeout(timer);
        resolve();
      },
      { once: true },
    );
  });
}

const CHAINGUARD_UNPINNED = chainguardUnpinned('--base chainguard', 'generate with --pin-digests, or pin this service');

function report(result: GenerateResult, answers: Answers, pinned: boolean, cwd: string): void {
  const { lang, name } = answers;
  const kind = answers.framework === 'fastify' ? `${lang}, Fastify` : lang;
  const unpinned = answers.base === 'chainguard' && !pinned;
  const shown = path.relative(cwd, result.dir) || '.';
  if (result.dryRun) {
    out(`Dry run: would write ${result.files.length} files to ${shown} (nothing written)`);
    for (const file of result.files) {
      out(`  ${file.path}  ${file.bytes} B${file.overwrites ? '  (overwrites)' : ''}`);
    }
    if (unpinned) err(CHAINGUARD_UNPINNED.warning);
    return;
  }
  out(
    `Created ${name} (${kind}) in ${shown}: ${result.files.length} files${result.git === 'initialized' ? ', git repository initialised' : ''}.`,
  );
  if (result.git !== 'initialized' && result.git !== 'skipped') err(`warning: git ${result.git}`);
  if (result.leftover) err(`warning: ${result.leftover}`);
  if (unpinned) err(CHAINGUARD_UNPINNED.warning);
  // As the service's README says, from a fresh clone (tests/e2e runs them): `npm start` needs the
  // build (`npm test` compiles elsewhere), Python the locked dependencies in a virtual environment.
  const steps: Record<string, string[]> = {
    node: ['npm ci', 'npm run build', 'npm test', 'npm start'],
    go: ['go test ./...', 'go run .'],
    python: [
      'python3 -m venv .venv',
      '.venv/bin/pip install --require-hashes --no-deps -r requirements.txt',
      '.venv/bin/python -m unittest discover -s tests',
      '.venv/bin/python -m app',
    ],
  };
  const pin = unpinned ? [CHAINGUARD_UNPINNED.step] : [];
  out(
    `\nNext steps:\n  cd ${shellWord(shown.startsWith('-') ? `./${shown}` : shown)}\n${[...pin, ...(steps[lang] ?? [])].map((s) => `  ${s}`).join('\n')}\n  docker build -t ${name} .`,
  );
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (error: unknown) => {
    const e = error as Error;
    if (e.name === 'ExitPromptError' || e instanceof InterruptedError) return process.exit(EXIT.cancelled);
    const usage = e instanceof UsageError || e instanceof AnswersError || e instanceof TargetError;
    err(`create-distroless-service: ${e.message}`);
    if (e instanceof UsageError) err('Run create-distroless-service --help for usage.');
    if (process.env.DEBUG && e.stack) err(e.stack);
    // Anything else (a git failure, an I/O error) is 1, with nothing written.
    process.exit(usage ? EXIT.usage : EXIT.failed);
  },
);
