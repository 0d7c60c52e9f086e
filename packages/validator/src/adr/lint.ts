import { existsSync } from 'node:fs';
import os from 'node:os';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import path from 'node:path';
import { ConfigError, FixWriteError, RUN_ERRORS, runRules, UsageError, type RuleMeta } from '../core/index.js';
import { findConfig, loadConfigFile, resolveConfig } from './config.js';
import { resolveFiles, displayPath } from './files.js';
import { applyEdits, writeAtomic } from './fix.js';
import { parseAdr } from './parse.js';
import { readAdrFile } from './read.js';
import { rules } from './rules/index.js';
import type { AdrSummary, FileRule, ProjectRule } from './rules/types.js';
import { readStatus } from './status.js';
import type {
  AdrDocument,
  AdrLintConfig,
  AdrResult,
  LintMessage,
  ResolvedConfig,
  Severity,
  TextEdit,
} from './types.js';

export interface LintOptions {
  /** Base for relative paths and config lookup; default process.cwd(). */
  cwd?: string;
  /** Inline config; when given, no config file is searched. */
  config?: AdrLintConfig;
  /** Explicit config file (.adrlintrc.json-style, or a package.json with `adrLint`). */
  configFile?: string;
  /** Apply fixable findings and write the files back. */
  fix?: boolean;
  /** Files read in parallel per thread; parsing itself is synchronous. */
  concurrency?: number;
  /**
   * Worker threads that parse beside the main thread; default: one per extra
   * CPU when there are at least 100 files (below that, starting threads costs
   * more than it saves). 0 keeps everything in-process.
   */
  workers?: number;
}

export interface FileWork {
  abs: string;
  file: string;
  config: ResolvedConfig;
  fix: boolean;
}

export interface FileDone {
  result: AdrResult;
  summary: AdrSummary;
}

export { ConfigError, FixWriteError, UsageError };

const fileRules = rules.filter((r): r is FileRule => r.scope === 'file');
const projectRules = rules.filter((r): r is ProjectRule => r.scope === 'project');
/** After a fatal read problem there is no text to check: only the rules that say why run. */
const readRules = fileRules.filter((r) => r.meta.id === 'file-readable' || r.meta.id === 'file-encoding');

function severityIn(config: ResolvedConfig): (meta: RuleMeta) => Severity | null {
  return (meta) => {
    const s = config.rules[meta.id];
    return s === 'off' ? null : (s ?? meta.severity);
  };
}

interface FileOutcome {
  result: AdrResult;
  fixes: TextEdit[];
}

function resultFields(doc: AdrDocument, config: ResolvedConfig): Omit<AdrResult, 'messages'> {
  let status: string | null = null;
  if (doc.status) {
    const s = readStatus(doc.status.raw, config.statuses);
    status = s.placeholder ? null : s.normalized || null;
  }
  return {
    file: doc.file,
    title: doc.title && !doc.title.fromFileName ? doc.title.text : (doc.title?.text ?? null),
    number: doc.number,
    status,
    date: doc.date ? doc.date.raw.trim() : null,
    dialect: doc.dialect,
  };
}

/** Runs the per-file rules over one parsed document. */
export function checkDocument(doc: AdrDocument, config: ResolvedConfig): FileOutcome {
  const fatal = doc.readProblems.some((p) => p.fatal);
  const findings = runRules(fatal ? readRules : fileRules, doc, {
    options: config,
    file: doc.file,
    severity: severityIn(config),
  });
  const messages: LintMessage[] = findings.map(({ file: _file, ...m }) => m);
  const fixes: TextEdit[] = messages.flatMap((m) => m.fix ?? []);
  return { result: { ...resultFields(doc, config), messages }, fixes };
}

/** Lints Markdown text already in memory (no file system, no cross-file rules). */
export function lintAdrText(text: string, options: { file?: string; config?: AdrLintConfig } = {}): AdrResult {
  const config = resolveConfig(options.config ?? {});
  const doc = parseAdr(text.replace(/^\uFEFF/, ''), options.file ?? 'adr.md');
  const { result } = checkDocument(doc, config);
  sortMessages(result.messages);
  return result;
}

function sortMessages(m: LintMessage[]): void {
  m.sort((a, b) => a.line - b.line || a.column - b.column || a.ruleId.localeCompare(b.ruleId));
}

async function pool<T>(items: T[], size: number, work: (item: T, index: number) => Promise<void>): Promise<void> {
  let next = 0;
  const runners = Array.from({ length: Math.max(1, Math.min(size, items.length)) }, async () => {
    while (next < items.length) {
      const i = next++;
      await work(items[i]!, i);
    }
  });
  await Promise.all(runners);
}

export async function getConfig(options: LintOptions): Promise<ResolvedConfig> {
  const cwd = options.cwd ?? process.cwd();
  if (options.config) return resolveConfig(options.config, 'options');
  if (options.configFile) return loadConfigFile(path.resolve(cwd, options.configFile));
  return findConfig(cwd);
}

/** Read, parse, check and (with fix) repair one file; only small results survive. */
export async function lintFile({ abs, file, config, fix }: FileWork): Promise<FileDone> {
  const read = await readAdrFile(abs, config.maxFileSize);
  let doc = parseAdr(read.text, file, abs);
  doc.readProblems.unshift(...read.problems);
  let outcome = checkDocument(doc, config);
  if (fix && outcome.fixes.length > 0 && !read.problems.some((p) => p.fatal)) {
    const fixed = applyEdits(read.text, outcome.fixes);
    if (fixed !== read.text) {
      try {
        await writeAtomic(abs, (read.bom ? '\uFEFF' : '') + fixed);
      } catch (e) {
        throw new FixWriteError(
          `cannot write fixes to ${file}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`,
        );
      }
      doc = parseAdr(fixed, file, abs);
      doc.readProblems.unshift(...read.problems);
      outcome = checkDocument(doc, config);
    }
  }
  return {
    result: outcome.result,
    summary: {
      file,
      absPath: abs,
      dir: path.dirname(abs),
      baseName: path.basename(abs).replace(/\.(md|markdown|mdx|txt)$/i, ''),
      number: doc.number,
      fileNumber: doc.fileNumber,
      title: doc.title?.text ?? null,
      supersededBy: doc.supersededBy,
      supersedes: doc.supersedes,
    },
  };
}

const workerUrl = new URL('./worker.js', import.meta.url);

/** Workers run compiled JavaScript; from TypeScript sources (tests) the run stays in-process. */
function canUseWorkers(): boolean {
  return import.meta.url.endsWith('.js') && existsSync(fileURLToPath(workerUrl));
}

/**
 * Parsing is CPU-bound, so files are spread over worker threads. Each worker
 * has at most `inFlight` files at a time, which keeps memory flat however
 * many files there are.
 */
async function runInWorkers(
  work: FileWork[],
  threads: number,
  inFlight: number,
  done: (i: number, d: FileDone) => void,
): Promise<void> {
  let next = 0;
  const workers = Array.from({ length: Math.min(threads, work.length) }, () => new Worker(workerUrl));
  // The main thread parses too, taking from the same queue.
  const here = async (): Promise<void> => {
    while (next < work.length) {
      const i = next++;
      done(i, await lintFile(work[i]!));
    }
  };
  try {
    await Promise.all([
      here(),
      ...workers.map(
        (w) =>
          new Promise<void>((resolve, reject) => {
            let active = 0;
            const feed = (): void => {
              while (active < inFlight && next < work.length) {
                const i = next++;
                active++;
                w.postMessage({ i, work: work[i] });
              }
              if (active === 0) resolve();
            };
            w.on('message', (m: { i: number; done?: FileDone; error?: { name: string; message: string } }) => {
              active--;
              if (m.error) {
                const Known = RUN_ERRORS[m.error.name];
                reject(Known ? new Known(m.error.message) : new Error(m.error.message));
                return;
              }
              done(m.i, m.done!);
              feed();
            });
            w.on('error', reject);
            feed();
          }),
      ),
    ]);
  } finally {
    await Promise.all(workers.map((w) => w.terminate()));
  }
}

/**
 * Lints ADR files, folders or globs; with no paths, the usual ADR folders.
 * Returns exactly what `--format json` prints. Throws UsageError / ConfigError
 * for problems of the run itself (no files, bad config), never for bad ADRs.
 */
export async function lintAdrs(paths: string[], options: LintOptions = {}): Promise<AdrResult[]> {
  const cwd = path.resolve(options.cwd ?? process.cwd());
  const config = await getConfig({ ...options, cwd });
  const files = await resolveFiles(paths, cwd, config.ignore);
  const results: AdrResult[] = new Array(files.length);
  // Only these small summaries outlive a file's parse; trees are dropped at once.
  const summaries: AdrSummary[] = new Array(files.length);
  const concurrency = options.concurrency ?? 8;

  const fix = options.fix ?? false;
  const threads = options.workers ?? (files.length >= 100 ? os.availableParallelism() - 1 : 0);
  const done = (i: number, d: FileDone): void => {
    results[i] = d.result;
    summaries[i] = d.summary;
  };
  if (threads > 0 && canUseWorkers()) {
    await runInWorkers(
      files.map((abs) => ({ abs, file: displayPath(abs, cwd), config, fix })),
      threads,
      concurrency,
      done,
    );
  } else {
    await pool(files, concurrency, async (abs, i) =>
      done(i, await lintFile({ abs, file: displayPath(abs, cwd), config, fix })),
    );
  }

  const byFile = new Map(results.map((r) => [r.file, r]));
  for (const { file, ...m } of runRules(projectRules, summaries, { options: config, severity: severityIn(config) }))
    byFile.get(file)?.messages.push(m);
  for (const r of results) sortMessages(r.messages);
  return results;
}
