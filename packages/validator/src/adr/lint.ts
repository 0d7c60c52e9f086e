import { existsSync } from 'node:fs';
import { stat } from 'node:fs/promises';
import os from 'node:os';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import path from 'node:path';
import { createTwoFilesPatch } from 'diff';
import picomatch from 'picomatch';
import { ConfigError, FixWriteError, RUN_ERRORS, runRules, UsageError, type RuleMeta } from '../core/index.js';
import { findConfig, loadConfigFile, resolveConfig } from './config.js';
import { resolveFiles, displayPath, type SkippedPath } from './files.js';
import { applyEdits, FixRefused, writeFixed } from './fix.js';
import { inlineControl } from './inline.js';
import { numberFromFileName } from './numbers.js';
import { parseAdr } from './parse.js';
import { readAdrFile } from './read.js';
import { ruleIds, rules } from './rules/index.js';
import type { AdrSummary, FileRule, ProjectRule } from './rules/types.js';
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
  /** Explicit config file (.adrlintrc.json / .yaml, or a package.json with `adrLint`). */
  configFile?: string;
  /** Apply fixable findings and write the files back. */
  fix?: boolean;
  /** Work out the fixes and report them as a diff, writing nothing. */
  fixDryRun?: boolean;
  /** Files read in parallel per thread when linting in-process. */
  concurrency?: number;
  /**
   * Worker threads that read, parse and check files, each file under the config's time and
   * memory limits; default: one per CPU, fewer for small runs. 0 keeps everything in-process,
   * where only the shape check bounds a hostile file.
   */
  workers?: number;
}

export interface FileWork {
  abs: string;
  file: string;
  config: ResolvedConfig;
  fix: 'write' | 'dry-run' | false;
  /** Found by scanning a folder or glob: a file that is not an ADR is skipped, not linted. */
  scanned: boolean;
  /**
   * Set for threads without a heap limit of their own: a file of more bytes than this is not
   * parsed there but handed back (`{ isolate: true }`) to be parsed in a thread that has one.
   */
  isolateAbove?: number;
}

/** A file a thread without a heap limit read but did not parse: too large for it. */
export interface Deferred {
  isolate: true;
}

export interface FileDone {
  result: AdrResult;
  summary: AdrSummary;
}

export { ConfigError, FixWriteError, UsageError };

const fileRules = rules.filter((r): r is FileRule => r.scope === 'file');
const projectRules = rules.filter((r): r is ProjectRule => r.scope === 'project');
/** After a fatal read problem there is no text to check: only the rules that say why run. */
const READ_RULES = new Set(['file-readable', 'file-encoding', 'file-skipped', 'fix-skipped']);
const readRules = fileRules.filter((r) => READ_RULES.has(r.meta.id));
const knownIds = new Set(ruleIds);

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

function resultFields(doc: AdrDocument): Omit<AdrResult, 'messages'> {
  const s = doc.status?.read;
  return {
    file: doc.file,
    title: doc.title?.text ?? null,
    number: doc.number,
    status: s && !s.placeholder ? s.normalized || null : null,
    date: doc.date ? doc.date.raw.trim() : null,
    dialect: doc.dialect,
  };
}

/** Runs the per-file rules over one parsed document; inline `adr-lint-disable` comments apply. */
export function checkDocument(doc: AdrDocument, config: ResolvedConfig): FileOutcome {
  const fatal = doc.readProblems.some((p) => p.fatal);
  const findings = runRules(fatal ? readRules : fileRules, doc, {
    options: config,
    file: doc.file,
    severity: severityIn(config),
  });
  const inline = inlineControl(doc.comments, knownIds);
  const messages: LintMessage[] = findings
    .filter((f) => !inline.silenced(f.ruleId, f.line))
    .map(({ file: _file, ...m }) => m);
  const fixes: TextEdit[] = messages.flatMap((m) => m.fix ?? []);
  return { result: { ...resultFields(doc), messages }, fixes };
}

/** Lints Markdown text already in memory (no file system, no cross-file rules). */
export function lintAdrText(text: string, options: { file?: string; config?: AdrLintConfig } = {}): AdrResult {
  const config = resolveConfig(options.config ?? {});
  const doc = parseAdr(text.replace(/^\uFEFF/, ''), options.file ?? 'adr.md', undefined, { statuses: config.statuses });
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

/**
 * Whether a file a folder scan found is an ADR at all: a number in its name, a status, a date,
 * a decision section, or a template's prompts. A how-to guide next to the records has none.
 */
export function looksLikeAdr(doc: AdrDocument): boolean {
  return (
    doc.fileNumber !== null ||
    doc.statuses.length > 0 ||
    doc.statusPlaceholder !== undefined ||
    doc.date !== null ||
    doc.frontMatter !== null ||
    doc.flattenedFrontMatter !== null ||
    doc.sections.some((s) => s.concept !== 'other' && s.concept !== 'links') ||
    doc.plainHeadings.length > 0
  );
}

function summaryOf(doc: AdrDocument, abs: string, file: string): AdrSummary {
  return {
    file,
    absPath: abs,
    dir: path.dirname(abs),
    baseName: path.basename(abs).replace(/\.(md|markdown|mdx|txt)$/i, ''),
    number: doc.number,
    fileNumber: doc.fileNumber,
    title: doc.title?.text ?? null,
    supersededBy: doc.supersededBy,
    supersedes: doc.supersedes,
    comments: doc.comments.filter((c) => c.value.includes('adr-lint-')),
  };
}

/** The result of a path the run did not lint, with its reason as a file-skipped finding. */
function skippedResult(abs: string, file: string, reason: string, config: ResolvedConfig): FileDone {
  const doc = parseAdr('', file, abs);
  doc.readProblems.push({ ruleId: 'file-skipped', message: `not linted: ${reason}`, fatal: true });
  doc.dialect = 'unreadable';
  doc.title = null;
  doc.number = null;
  return { result: checkDocument(doc, config).result, summary: { ...summaryOf(doc, abs, file), number: null } };
}

/** The result of a file that broke its time or memory budget: reported, not linted. */
function budgetResult(work: FileWork, message: string): FileDone {
  const doc = parseAdr('', work.file, work.abs);
  doc.readProblems.push({ ruleId: 'file-readable', message, fatal: true });
  doc.dialect = 'unreadable';
  doc.title = null;
  doc.number = numberFromFileName(path.basename(work.abs).replace(/\.(md|markdown)$/i, ''));
  return { result: checkDocument(doc, work.config).result, summary: summaryOf(doc, work.abs, work.file) };
}

/**
 * One pass, so that what a run calls fixable is exactly what --fix changes: a repair that only
 * becomes possible after another is offered by the next run. Rules offer no overlapping edits.
 */
const FIX_PASSES = 1;

/** Read, parse, check and (with fix) repair one file; only small results survive. */
export async function lintFile(work: FileWork): Promise<FileDone | Deferred> {
  const { abs, file, config, fix } = work;
  const read = await readAdrFile(abs, config.maxFileSize);
  // Decided on the bytes read, not on an earlier stat: a file that grew meanwhile is still caught.
  if (work.isolateAbove !== undefined && (read.bytes?.length ?? 0) > work.isolateAbove) return { isolate: true };
  const parse = (text: string): AdrDocument => {
    const d = parseAdr(text, file, abs, { statuses: config.statuses });
    d.readProblems.unshift(...read.problems);
    return d;
  };
  let doc = parse(read.text);
  const fatal = doc.readProblems.some((p) => p.fatal);
  if (work.scanned && !fatal && !looksLikeAdr(doc))
    return skippedResult(
      abs,
      file,
      'does not look like an ADR (no number in its name, no status, date or decision sections); add it ' +
        'to "ignore" in the config',
      config,
    );
  let outcome = checkDocument(doc, config);
  // Only UTF-8 text is rewritten: writing back a lossy decoding would destroy bytes.
  const fixable = !fatal && !read.problems.some((p) => p.ruleId === 'file-encoding');
  if (!fix || !fixable || outcome.fixes.length === 0)
    return { result: outcome.result, summary: summaryOf(doc, abs, file) };

  const original = { doc, outcome };
  let text = read.text;
  const fixed: NonNullable<AdrResult['fixed']> = [];
  for (let pass = 0; pass < FIX_PASSES && outcome.fixes.length > 0; pass++) {
    const { text: next, applied } = applyEdits(text, outcome.fixes);
    if (next === text) break;
    const done = new Set(applied);
    for (const m of outcome.result.messages)
      if (m.fix && m.fix.every((e) => done.has(e))) fixed.push({ ruleId: m.ruleId, line: m.line, message: m.message });
    text = next;
    doc = parse(text);
    outcome = checkDocument(doc, config);
  }
  if (text === read.text) return { result: original.outcome.result, summary: summaryOf(original.doc, abs, file) };
  if (fix === 'dry-run') {
    const diff = createTwoFilesPatch(`a/${file}`, `b/${file}`, read.text, text, '', '', { context: 3 });
    return { result: { ...outcome.result, fixed, diff }, summary: summaryOf(doc, abs, file) };
  }
  try {
    await writeFixed(abs, read.bytes!, (read.bom ? '\uFEFF' : '') + text);
  } catch (e) {
    if (!(e instanceof FixRefused))
      throw new FixWriteError(
        `cannot write fixes to ${file}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`,
      );
    // Nothing was written: the findings are those of the file as it is.
    original.doc.readProblems.push({ ruleId: 'fix-skipped', message: `not fixed: ${file} ${e.message}`, fatal: false });
    return { result: checkDocument(original.doc, config).result, summary: summaryOf(original.doc, abs, file) };
  }
  return { result: { ...outcome.result, fixed }, summary: summaryOf(doc, abs, file) };
}

const workerUrl = new URL('./worker.js', import.meta.url);

/** Workers run compiled JavaScript; from TypeScript sources (tests) the run stays in-process. */
function canUseWorkers(): boolean {
  return import.meta.url.endsWith('.js') && existsSync(fileURLToPath(workerUrl));
}

/**
 * Parsing costs about 300 times a file's size in memory; with a margin, a thread parses files of up
 * to fileMemoryLimit / 1000 without a heap limit of its own, far below V8's default heap.
 */
const PARSE_MEMORY_FACTOR = 1000;

/** Bytes up to which a file is parsed in a thread without a heap limit of its own. */
export function isolationThreshold(config: ResolvedConfig): number {
  return Math.floor((config.fileMemoryLimit * 1024 * 1024) / PARSE_MEMORY_FACTOR);
}

async function sizeOf(abs: string): Promise<number> {
  try {
    return (await stat(abs)).size;
  } catch {
    return 0; // the thread reads it and reports why it cannot
  }
}

/**
 * Files are spread over long-lived worker threads, one file at a time each, so that a file that
 * takes too long (a shape the parser spends quadratic time on) is cut off by ending its thread: it
 * is reported and a fresh thread takes the next file. A V8 heap limit (`resourceLimits`) makes a
 * thread collect garbage far more often (about 1.5x the CPU of the whole run), so only files large
 * enough to need one are parsed under it: a cheap size check in this thread sends them to one
 * thread with fileMemoryLimit as its heap limit, and a thread without one hands back any file
 * that turns out larger when it reads it. Memory stays flat however many files there are.
 */
async function runInWorkers(work: FileWork[], threads: number, done: (i: number, d: FileDone) => void): Promise<void> {
  const { fileMemoryLimit, maxFileSize } = work[0]!.config;
  const limit = isolationThreshold(work[0]!.config);
  const sizes = await Promise.all(work.map((w) => sizeOf(w.abs)));
  const small: number[] = [];
  const large: number[] = [];
  // A file over maxFileSize is refused before it is parsed: any thread will do.
  sizes.forEach((size, i) => (size > limit && size <= maxFileSize ? large : small).push(i));
  if (small.length > 0) await runPool(work, small, threads, { isolateAbove: limit }, done, (i) => large.push(i));
  if (large.length > 0)
    await runPool(work, large, 1, { resourceLimits: { maxOldGenerationSizeMb: fileMemoryLimit } }, done);
}

interface PoolOptions {
  /** Files above this many bytes are handed back through `defer` (threads without a heap limit). */
  isolateAbove?: number;
  resourceLimits?: { maxOldGenerationSizeMb: number };
}

/** Lints `work[i]` for each i in `queue` on up to `threads` worker threads. */
async function runPool(
  work: FileWork[],
  queue: number[],
  threads: number,
  options: PoolOptions,
  done: (i: number, d: FileDone) => void,
  defer?: (i: number) => void,
): Promise<void> {
  const { fileTimeLimit, fileMemoryLimit } = work[0]!.config;
  let next = 0;
  let failed: Error | null = null;
  await new Promise<void>((resolve, reject) => {
    let live = 0;
    const start = (): void => {
      if (failed || next >= queue.length) {
        if (live === 0) {
          if (failed) reject(failed);
          else resolve();
        }
        return;
      }
      live++;
      const w = new Worker(workerUrl, options.resourceLimits ? { resourceLimits: options.resourceLimits } : {});
      let current = -1;
      let timer: NodeJS.Timeout | undefined;
      let finished = false;
      const feed = (): void => {
        if (failed || next >= queue.length) {
          finish();
          return;
        }
        current = queue[next++]!;
        timer = setTimeout(() => {
          done(
            current,
            budgetResult(
              work[current]!,
              `not linted: reading, parsing and checking took longer than ${fileTimeLimit} s ` +
                `(fileTimeLimit); Markdown nested this way makes parsers slow`,
            ),
          );
          current = -1;
          replace();
        }, fileTimeLimit * 1000);
        const item =
          options.isolateAbove === undefined
            ? work[current]
            : { ...work[current]!, isolateAbove: options.isolateAbove };
        w.postMessage({ i: current, work: item });
      };
      // The thread is ended and a fresh one takes the rest of the queue.
      const replace = (): void => {
        if (finished) return;
        finished = true;
        clearTimeout(timer);
        void w.terminate();
        live--;
        start();
      };
      const finish = (): void => {
        if (finished) return;
        finished = true;
        clearTimeout(timer);
        void w.terminate();
        live--;
        if (live === 0) {
          if (failed) reject(failed);
          else resolve();
        }
      };
      w.on('message', (m: { i: number; done?: FileDone | Deferred; error?: { name: string; message: string } }) => {
        if (m.i !== current) return;
        clearTimeout(timer);
        current = -1;
        if (m.error) {
          const Known = RUN_ERRORS[m.error.name];
          failed ??= Known ? new Known(m.error.message) : new Error(m.error.message);
          finish();
          return;
        }
        if ('isolate' in m.done!) defer!(m.i);
        else done(m.i, m.done!);
        feed();
      });
      w.on('error', (e: Error & { code?: string }) => {
        if (current >= 0) {
          const why =
            e.code === 'ERR_WORKER_OUT_OF_MEMORY'
              ? `needed more than ${fileMemoryLimit} MB (fileMemoryLimit)`
              : `stopped the parsing thread: ${e.message}`;
          done(current, budgetResult(work[current]!, `not linted: parsing this file ${why}`));
          current = -1;
        }
        replace();
      });
      w.on('exit', () => {
        if (current >= 0) {
          done(current, budgetResult(work[current]!, 'not linted: the parsing thread stopped while reading it'));
          current = -1;
        }
        replace();
      });
      feed();
    };
    for (let t = 0; t < Math.min(threads, queue.length); t++) start();
  });
}

/** Severities for some files only (config `overrides`), applied last, after inline comments. */
function applyOverrides(results: AdrResult[], config: ResolvedConfig, cwd: string): void {
  if (config.overrides.length === 0) return;
  const base = config.dir ?? cwd;
  const matchers = config.overrides.map((o) => ({ match: picomatch(o.files, { dot: true }), rules: o.rules }));
  for (const r of results) {
    const rel = path.relative(base, path.resolve(cwd, r.file)).split(path.sep).join('/');
    const apply = matchers.filter((m) => m.match(rel));
    if (apply.length === 0) continue;
    r.messages = r.messages.flatMap((m) => {
      let setting: string | undefined;
      for (const a of apply) setting = a.rules[m.ruleId] ?? setting;
      if (setting === undefined) return [m];
      if (setting === 'off') return [];
      return [{ ...m, severity: setting as Severity }];
    });
  }
}

/** The paths a folder scan met but did not lint, as results, so every reporter shows them. */
export function skippedResults(skipped: SkippedPath[], cwd: string, config: ResolvedConfig): AdrResult[] {
  return skipped.map((s) => skippedResult(s.abs, displayPath(s.abs, cwd), s.reason, config).result);
}

/**
 * Lints ADR files, folders or globs; with no paths, the usual ADR folders.
 * Returns exactly what `--format json` prints. Throws UsageError / ConfigError
 * for problems of the run itself (no files, bad config), never for bad ADRs.
 */
export async function lintAdrs(paths: string[], options: LintOptions = {}): Promise<AdrResult[]> {
  const cwd = path.resolve(options.cwd ?? process.cwd());
  const config = await getConfig({ ...options, cwd });
  const { files, scanned, skipped } = await resolveFiles(paths, cwd, config.ignore);
  const results: AdrResult[] = new Array(files.length);
  // Only these small summaries outlive a file's parse; trees are dropped at once.
  const summaries: AdrSummary[] = new Array(files.length);
  const fix = options.fixDryRun ? 'dry-run' : options.fix ? 'write' : false;
  const work = files.map(
    (abs) => ({ abs, file: displayPath(abs, cwd), config, fix, scanned: scanned.has(abs) }) as FileWork,
  );
  // A thread costs a start-up of its own: small runs take fewer.
  const threads = options.workers ?? Math.max(1, Math.min(os.availableParallelism(), Math.ceil(files.length / 25)));
  const done = (i: number, d: FileDone): void => {
    results[i] = d.result;
    summaries[i] = d.summary;
  };
  if (threads > 0 && work.length > 0 && canUseWorkers()) await runInWorkers(work, threads, done);
  else
    await pool(work, options.concurrency ?? 8, async (w, i) => {
      const d = await lintFile(w);
      // In-process work sets no isolateAbove, so every file is linted here.
      if (!('isolate' in d)) done(i, d);
    });

  // Files a scan found that are not ADRs take no part in cross-file rules.
  const linted = summaries.filter((s, i) => !results[i]!.messages.some((m) => m.ruleId === 'file-skipped') && s);
  const byFile = new Map(results.map((r) => [r.file, r]));
  const comments = new Map(linted.map((s) => [s.file, inlineControl(s.comments, knownIds)]));
  for (const { file, ...m } of runRules(projectRules, linted, { options: config, severity: severityIn(config) })) {
    if (comments.get(file)?.silenced(m.ruleId, m.line)) continue;
    byFile.get(file)?.messages.push(m);
  }
  const all = [...results, ...skippedResults(skipped, cwd, config)];
  applyOverrides(all, config, cwd);
  for (const r of all) sortMessages(r.messages);
  return all;
}
