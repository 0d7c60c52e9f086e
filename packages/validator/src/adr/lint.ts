import { existsSync, lstatSync, realpathSync, statSync } from 'node:fs';
import os from 'node:os';
import { fileURLToPath } from 'node:url';
import path from 'node:path';
import { createTwoFilesPatch } from 'diff';
import picomatch from 'picomatch';
import { ConfigError, FixWriteError, RUN_ERRORS, runRules, UsageError, type RuleMeta } from '../core/index.js';
import { timeLimitMessage, withinTime } from './budget.js';
import { findConfig, loadConfigFile, resolveConfig } from './config.js';
import { resolveFiles, displayPath, namedAdrFolders, type SkippedPath } from './files.js';
import { applyFixes, FixRefused, fixRefusal, offsetBefore, placeRefusal, writeFixed } from './fix.js';
import { inlineControl } from './inline.js';
import { numberFromFileName } from './numbers.js';
import { parseAdr } from './parse.js';
import { recordBaseName } from './record-page.js';
import { printableLine } from '../reporters/types.js';
import { autoProcesses, childUrl, runInProcesses } from './processes.js';
import type { Deferred, FileDone, FileWork } from './work.js';
import { readAdrFileSync, type ReadResult } from './read.js';
import { gitTopLevel, isInside } from './repo-root.js';
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
  /** Files in flight at once on the calling thread (with --fix, writing one overlaps linting another); default 4. */
  concurrency?: number;
  /**
   * Worker threads besides the calling thread, which lints files too; default: one thread per
   * 1.5 CPUs in all (none on 2 CPUs), none for runs of up to 25 files. 0 keeps everything
   * in-process. Every thread cuts a file off after fileTimeLimit; files over fileMemoryLimit /
   * 1000 bytes always go to one worker thread with a heap limit.
   */
  workers?: number;
  /**
   * Child processes, started with --single-threaded-gc, that lint the run instead of this
   * process's threads (`workers` is then ignored; files too large for a process without a heap
   * limit still go to a heap-capped thread here). `'auto'`: as many as autoProcesses() gives for
   * the run (0, threads, below 100 files), the command's default (ADR 0022), and ignored when
   * `workers` is given. Default 0: threads, as `workers` says.
   */
  processes?: number | 'auto';
  /**
   * Called once, before linting, with the Markdown files (display paths) that folder scans and globs
   * left out as not ADRs: README, index, template and backlog files and the config's ignore globs.
   * They are in no result: the returned array is still exactly what `--format json` prints.
   */
  onIgnored?: (files: string[]) => void;
}

export type { Deferred, FileDone, FileWork } from './work.js';

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
    baseName: recordBaseName(abs),
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
  doc.number = numberFromFileName(recordBaseName(work.abs));
  return { result: checkDocument(doc, work.config).result, summary: summaryOf(doc, work.abs, work.file) };
}

/**
 * Fix passes per file, as in ESLint: fixes that overlap wait for the next pass over the re-linted
 * text, so one run repairs every finding a plain run calls fixable.
 */
const FIX_PASSES = 10;

/** The offset of a 1-based line and column in `text` (a finding about the whole file: 0). */
function offsetOf(text: string, line: number, column: number): number {
  let at = 0;
  for (let l = 1; l < line; l++) {
    const nl = text.indexOf('\n', at);
    if (nl < 0) return text.length;
    at = nl + 1;
  }
  return Math.min(at + Math.max(column - 1, 0), text.length);
}

/** The 1-based line of an offset. */
function lineAt(text: string, offset: number): number {
  let line = 1;
  for (let i = text.indexOf('\n'); i >= 0 && i < offset; i = text.indexOf('\n', i + 1)) line++;
  return line;
}

/** Why --fix would refuse the file as it is now, or null (it may still change before a write). */
function refusalOf(abs: string, roots: readonly string[] | undefined): string | null {
  try {
    return fixRefusal(lstatSync(abs)) ?? placeRefusal(abs, roots);
  } catch (e) {
    return `cannot be looked at (${(e as NodeJS.ErrnoException).code ?? (e as Error).message})`;
  }
}

/** The findings without their fixes, for a file no fix will be written to. */
function unfixable(result: AdrResult): AdrResult {
  return { ...result, messages: result.messages.map(({ fix: _fix, ...m }) => m) };
}

/** What the bounded, synchronous part of linting one file decided. */
interface Checked {
  done: FileDone;
  /** With --fix: the repaired text to write, and what to report if the write is refused. */
  write?: { text: string; doc: AdrDocument };
}

/** Parse, check and (with fix) repair one file read into memory: synchronous, so it can be timed out. */
function checkFile(work: FileWork, read: ReadResult): Checked {
  const { abs, file, config, fix } = work;
  const parse = (text: string): AdrDocument => {
    const d = parseAdr(text, file, abs, { statuses: config.statuses });
    d.readProblems.unshift(...read.problems);
    return d;
  };
  let doc = parse(read.text);
  const fatal = doc.readProblems.some((p) => p.fatal);
  if (work.scanned && !fatal && !looksLikeAdr(doc))
    return {
      done: skippedResult(
        abs,
        file,
        'does not look like an ADR (no number in its name, no status, date or decision sections); add it ' +
          'to "ignore" in the config',
        config,
      ),
    };
  let outcome = checkDocument(doc, config);
  if (outcome.fixes.length === 0) return { done: { result: outcome.result, summary: summaryOf(doc, abs, file) } };
  // Only UTF-8 text is rewritten: writing back a lossy decoding would destroy bytes. Nor is a file
  // --fix refuses (a link, read-only, outside the repository): its findings are not fixable, in any
  // run, so the count, the dry run, --fix and their exit codes agree; the fix summary says why.
  const encoding = fatal || read.problems.some((p) => p.ruleId === 'file-encoding');
  const refused = encoding
    ? 'is not UTF-8 (writing its decoded text back would change its bytes); save it as UTF-8 first'
    : refusalOf(abs, work.roots);
  if (refused) {
    const result = unfixable(outcome.result);
    if (fix)
      result.notFixed =
        fix === 'dry-run' ? `--fix would not fix ${file}: it ${refused}` : `not fixed: ${file} ${refused}`;
    return { done: { result, summary: summaryOf(doc, abs, file) } };
  }
  if (!fix) return { done: { result: outcome.result, summary: summaryOf(doc, abs, file) } };

  const original = { doc, outcome };
  let text = read.text;
  const fixed: NonNullable<AdrResult['fixed']> = [];
  // The edits of each pass, to give a finding fixed in a later pass its line in the file as read.
  const passes: TextEdit[][] = [];
  // A fix that undoes another would cycle: the run stops at the first text seen twice.
  const seen = new Set([text]);
  for (let pass = 0; pass < FIX_PASSES && outcome.fixes.length > 0; pass++) {
    const withFix = outcome.result.messages.filter((m) => m.fix && m.fix.length > 0);
    const {
      text: next,
      applied,
      edits,
    } = applyFixes(
      text,
      withFix.map((m) => m.fix!),
    );
    if (seen.has(next)) break;
    seen.add(next);
    withFix.forEach((m, i) => {
      if (!applied[i]) return;
      let at = m.line > 0 ? offsetOf(text, m.line, m.column) : -1;
      for (let p = passes.length - 1; p >= 0 && at >= 0; p--) at = offsetBefore(at, passes[p]!);
      fixed.push({ ruleId: m.ruleId, line: at >= 0 ? lineAt(read.text, at) : m.line, message: m.message });
    });
    passes.push(edits);
    text = next;
    doc = parse(text);
    outcome = checkDocument(doc, config);
  }
  fixed.sort((a, b) => a.line - b.line || a.ruleId.localeCompare(b.ruleId));
  if (text === read.text)
    return { done: { result: original.outcome.result, summary: summaryOf(original.doc, abs, file) } };
  if (fix === 'dry-run') {
    // The names go into the patch's header lines: one line each, whatever the file is called.
    const name = printableLine(file);
    const diff = createTwoFilesPatch(`a/${name}`, `b/${name}`, read.text, text, '', '', { context: 3 });
    return { done: { result: { ...outcome.result, fixed, diff }, summary: summaryOf(doc, abs, file) } };
  }
  return {
    done: { result: { ...outcome.result, fixed }, summary: summaryOf(doc, abs, file) },
    write: { text, doc: original.doc },
  };
}

/** The finding for a file that broke fileTimeLimit. */
function timeBudgetResult(work: FileWork): FileDone {
  return budgetResult(work, timeLimitMessage(work.config.fileTimeLimit));
}

/**
 * Read, parse, check and (with fix) repair one file; only small results survive. Parsing and
 * checking are cut off after fileTimeLimit, in whichever thread this runs.
 */
export async function lintFile(work: FileWork): Promise<FileDone | Deferred> {
  const { abs, file, config } = work;
  const read = readAdrFileSync(abs, config.maxFileSize);
  // Decided on the bytes read, not on an earlier stat: a file that grew meanwhile is still caught.
  if (work.isolateAbove !== undefined && (read.bytes?.length ?? 0) > work.isolateAbove) return { isolate: true };
  const checked = withinTime(config.fileTimeLimit, () => checkFile(work, read));
  if (!checked) return timeBudgetResult(work);
  const { done, write } = checked.value;
  if (!write) return done;
  try {
    await writeFixed(abs, read.bytes!, (read.bom ? '\uFEFF' : '') + write.text, work.roots);
  } catch (e) {
    if (!(e instanceof FixRefused))
      throw new FixWriteError(
        `cannot write fixes to ${file}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`,
      );
    // Nothing was written: the findings are those of the file as it is.
    write.doc.readProblems.push({ ruleId: 'fix-skipped', message: `not fixed: ${file} ${e.message}`, fatal: false });
    return { result: unfixable(checkDocument(write.doc, config).result), summary: summaryOf(write.doc, abs, file) };
  }
  return done;
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

/** What a lint thread is given once: the whole run, and where to take its next file from. */
export interface ThreadData {
  work: FileWork[];
  /** Indices into `work` this pool lints. */
  queue: number[];
  /**
   * Int32 [0]: the next position in `queue` to take (shared by every thread of the pool);
   * [1 + slot]: the index a thread is linting, -1 when none.
   */
  shared: SharedArrayBuffer;
  slot: number;
  isolateAbove?: number;
}

/** Messages a lint thread sends: one per file, then `end`. */
export type ThreadMessage =
  { i: number; done: FileDone | Deferred } | { error: { name: string; message: string } } | { end: true };

/**
 * Takes files off the shared queue until it is empty; `claim` records the file being linted.
 * Used by the main thread and by every worker thread alike.
 */
export async function drainQueue(
  data: ThreadData,
  report: (i: number, d: FileDone | Deferred) => void,
  claim: (i: number) => void = () => undefined,
): Promise<void> {
  const next = new Int32Array(data.shared);
  for (;;) {
    const at = Atomics.add(next, 0, 1);
    if (at >= data.queue.length) return;
    const i = data.queue[at]!;
    claim(i);
    const item =
      data.isolateAbove === undefined ? data.work[i]! : { ...data.work[i]!, isolateAbove: data.isolateAbove };
    const d = await lintFile(item);
    // Unmarked first: a thread that dies now leaves the file unreported, found as such at the end.
    claim(-1);
    report(i, d);
  }
}

interface PoolOptions {
  /** Worker threads besides this one. */
  workers: number;
  /** Whether this thread lints files too (it has no heap limit of its own). */
  here: boolean;
  /** Files in flight at once on this thread. */
  concurrency: number;
  /** Files above this many bytes are handed back through `defer` (threads without a heap limit). */
  isolateAbove?: number;
  resourceLimits?: { maxOldGenerationSizeMb: number };
}

/**
 * Lints `work[i]` for each i in `queue` on this thread and/or worker threads, all taking the next
 * file off one shared counter, so no thread waits for another between files. Every thread bounds
 * each file's time itself (withinTime); a worker thread that dies (out of memory under its heap
 * limit, or stuck where V8 cannot stop it, found by a coarse check here) has its current file
 * reported and a fresh thread takes the rest.
 */
async function runPool(
  work: FileWork[],
  queue: number[],
  options: PoolOptions,
  done: (i: number, d: FileDone) => void,
  defer: (i: number) => void,
): Promise<void> {
  const { fileTimeLimit, fileMemoryLimit } = work[0]!.config;
  const shared = new SharedArrayBuffer(4 * (1 + options.workers));
  const slots = new Int32Array(shared);
  slots.fill(-1, 1);
  const since = new Float64Array(options.workers);
  const reported = new Set<number>();
  const report = (i: number, d: FileDone | Deferred): void => {
    reported.add(i);
    if ('isolate' in d) defer(i);
    else done(i, d);
  };
  let failed: Error | null = null;
  const threads: Promise<void>[] = [];

  const startWorker = (slot: number): Promise<void> =>
    new Promise<void>((resolve) => {
      const data: ThreadData = {
        work,
        queue,
        shared,
        slot,
        ...(options.isolateAbove === undefined ? {} : { isolateAbove: options.isolateAbove }),
      };
      // Loaded only when a run starts a thread: a run of a few files never needs the module.
      const { Worker } = process.getBuiltinModule('node:worker_threads');
      const w = new Worker(workerUrl, {
        workerData: data,
        ...(options.resourceLimits ? { resourceLimits: options.resourceLimits } : {}),
      });
      let ended = false;
      since[slot] = performance.now();
      let current = -2;
      // A last resort: withinTime stops a slow file in its own thread; a thread that still holds
      // one file long after that is ended from here.
      const watch = setInterval(() => {
        const now = Atomics.load(slots, 1 + slot);
        if (now !== current) {
          current = now;
          since[slot] = performance.now();
        } else if (now >= 0 && performance.now() - since[slot]! > fileTimeLimit * 2000 + 5000) {
          lost(timeBudgetResult(work[now]!));
        }
      }, 1000);
      watch.unref();
      // The thread is ended, its file reported, and a fresh thread takes the rest of the queue.
      const lost = (result: FileDone): void => {
        if (ended) return;
        ended = true;
        clearInterval(watch);
        const i = Atomics.exchange(slots, 1 + slot, -1);
        if (i >= 0) report(i, result);
        void w.terminate();
        resolve(failed ? undefined : startWorker(slot));
      };
      const finish = (): void => {
        if (ended) return;
        ended = true;
        clearInterval(watch);
        void w.terminate();
        resolve();
      };
      w.on('message', (m: ThreadMessage) => {
        if ('end' in m) finish();
        else if ('error' in m) {
          const Known = RUN_ERRORS[m.error.name];
          failed ??= Known ? new Known(m.error.message) : new Error(m.error.message);
          // Stop handing out files: every thread ends after its current one.
          Atomics.store(slots, 0, queue.length);
          finish();
        } else report(m.i, m.done);
      });
      const why = (message: string): FileDone | null => {
        const i = Atomics.load(slots, 1 + slot);
        return i >= 0 ? budgetResult(work[i]!, message) : null;
      };
      w.on('error', (e: Error & { code?: string }) => {
        const what =
          e.code === 'ERR_WORKER_OUT_OF_MEMORY'
            ? `needed more than ${fileMemoryLimit} MB (fileMemoryLimit)`
            : `stopped the parsing thread: ${e.message}`;
        const r = why(`not linted: parsing this file ${what}`);
        if (r) lost(r);
        else finish();
      });
      w.on('exit', () => {
        const r = why('not linted: the parsing thread stopped while reading it');
        if (r) lost(r);
        else finish();
      });
    });

  for (let t = 0; t < Math.min(options.workers, queue.length); t++) threads.push(startWorker(t));
  // Here several files are in flight at once, so reading one overlaps parsing another.
  for (let r = 0; options.here && r < Math.min(options.concurrency, queue.length); r++)
    threads.push(
      drainQueue(
        {
          work,
          queue,
          shared,
          slot: -1,
          ...(options.isolateAbove === undefined ? {} : { isolateAbove: options.isolateAbove }),
        },
        report,
      ).catch((e: Error) => {
        failed ??= e;
        Atomics.store(slots, 0, queue.length);
      }),
    );
  await Promise.all(threads);
  if (failed) throw failed;
  // A thread that died between taking a file and marking it leaves that file unreported.
  for (const i of queue)
    if (!reported.has(i)) report(i, budgetResult(work[i]!, 'not linted: the parsing thread stopped while reading it'));
}

/**
 * Files are linted on this thread and, for runs large enough to pay for them, on worker threads
 * that take files off the same queue (lintThreads() in all). Each file's parse and checks are cut
 * off after fileTimeLimit wherever they run (withinTime), so an ordinary run, and every run of one
 * ordinary file, starts no worker thread. Memory is bounded by size: parsing costs about 300 times
 * a file's size, so files up to fileMemoryLimit / 1000 are parsed in threads without a heap limit
 * (a V8 heap limit makes a thread collect garbage far more often: about 1.5x the CPU of the whole
 * run); a larger one is handed back when read and linted in one worker thread whose heap is capped
 * at fileMemoryLimit. Memory stays flat however many files there are.
 */
async function runInThreads(
  work: FileWork[],
  threads: number,
  processes: number,
  concurrency: number,
  done: (i: number, d: FileDone) => void,
): Promise<void> {
  const { fileMemoryLimit } = work[0]!.config;
  const large: number[] = [];
  const workers = canUseWorkers() ? Math.max(0, threads - 1) : 0;
  if (processes > 0 && canUseProcesses())
    await runInProcesses(
      work,
      {
        processes,
        isolateAbove: isolationThreshold(work[0]!.config),
        lost: (i, why, detail) =>
          why === 'time'
            ? timeBudgetResult(work[i]!)
            : budgetResult(work[i]!, `not linted: the lint process stopped while linting this file (${detail})`),
      },
      done,
      (i) => large.push(i),
    );
  else
    await runPool(
      work,
      work.map((_, i) => i),
      { workers, here: true, concurrency, isolateAbove: isolationThreshold(work[0]!.config) },
      done,
      (i) => large.push(i),
    );
  if (large.length === 0) return;
  large.sort((a, b) => a - b);
  if (!canUseWorkers()) {
    // From TypeScript sources (tests) there is no worker script: lint them here, unlimited.
    await runPool(work, large, { workers: 0, here: true, concurrency }, done, () => undefined);
    return;
  }
  await runPool(
    work,
    large,
    { workers: 1, here: false, concurrency, resourceLimits: { maxOldGenerationSizeMb: fileMemoryLimit } },
    done,
    () => undefined,
  );
}

/** Child processes run the compiled child script; from TypeScript sources (tests) there is none. */
function canUseProcesses(): boolean {
  return import.meta.url.endsWith('.js') && existsSync(fileURLToPath(childUrl));
}

/**
 * How many threads lint a large run: one per 1.5 CPUs. Each thread is a V8 instance whose
 * optimising compiler and garbage collector keep about half a CPU busy beside it, and which
 * compiles and warms the parser for itself. On 2 CPUs a second thread added about a quarter to
 * the run's CPU time and did not shorten it (ADR 0018).
 */
function lintThreads(): number {
  return Math.max(1, Math.floor((os.availableParallelism() * 2) / 3));
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
 * The real paths --fix may write inside: for each path argument (the current directory for globs
 * and for none), the top level of its git work tree; outside one, the current directory, or the
 * path argument itself (a file's folder) when it lies outside the current directory.
 */
export function fixRoots(paths: string[], cwd: string): string[] {
  const starts = new Set<string>();
  for (const t of paths.length > 0 ? paths : ['.']) {
    const abs = path.resolve(cwd, t);
    let st;
    try {
      st = statSync(abs);
    } catch {
      starts.add(cwd);
      continue;
    }
    starts.add(st.isDirectory() ? abs : path.dirname(abs));
  }
  const roots = new Set<string>();
  for (const start of starts) {
    const top = gitTopLevel(start);
    const root = top ?? (isInside(start, cwd) ? cwd : start);
    try {
      roots.add(realpathSync.native(root));
    } catch {
      roots.add(root);
    }
  }
  return [...roots];
}

/** Whether a file's folder is reached through a symbolic link (one realpath per folder). */
function throughLinkedFolder(files: string[]): boolean {
  const dirs = new Set(files.map((f) => path.dirname(f)));
  for (const d of dirs) {
    try {
      if (realpathSync.native(d) !== d) return true;
    } catch {
      return true;
    }
  }
  return false;
}

/**
 * Lints ADR files, folders or globs; with no paths, the usual ADR folders.
 * Returns exactly what `--format json` prints. Throws UsageError / ConfigError
 * for problems of the run itself (no files, bad config), never for bad ADRs.
 */
export async function lintAdrs(paths: string[], options: LintOptions = {}): Promise<AdrResult[]> {
  const cwd = path.resolve(options.cwd ?? process.cwd());
  const config = await getConfig({ ...options, cwd });
  const { files, scanned, skipped, ignored } = await resolveFiles(paths, cwd, config.ignore);
  // Records in a folder that .adr-dir (or distroless-adr's config) names belong to it, whatever its name.
  config.adrFolders = await namedAdrFolders(cwd);
  options.onIgnored?.(ignored.map((f) => displayPath(f, cwd)));
  const results: AdrResult[] = new Array(files.length);
  // Only these small summaries outlive a file's parse; trees are dropped at once.
  const summaries: AdrSummary[] = new Array(files.length);
  const fix = options.fixDryRun ? 'dry-run' : options.fix ? 'write' : false;
  // Every run, not only --fix: a file --fix would refuse is not counted fixable. Only a file in a
  // folder reached through a link can lie outside the roots, so most runs start no git.
  const roots = fix || throughLinkedFolder(files) ? fixRoots(paths, cwd) : undefined;
  const work = files.map(
    (abs) =>
      ({
        abs,
        file: displayPath(abs, cwd),
        config,
        fix,
        scanned: scanned.has(abs),
        ...(roots ? { roots } : {}),
      }) as FileWork,
  );
  // A thread costs a start-up of its own: small runs take fewer, and this thread is one of them.
  const threads =
    options.workers !== undefined
      ? options.workers + 1
      : Math.max(1, Math.min(lintThreads(), Math.ceil(files.length / 25)));
  const done = (i: number, d: FileDone): void => {
    results[i] = d.result;
    summaries[i] = d.summary;
  };
  const processes =
    options.processes === 'auto'
      ? options.workers === undefined
        ? autoProcesses(files.length, os.availableParallelism())
        : 0
      : (options.processes ?? 0);
  if (work.length > 0) await runInThreads(work, threads, processes, options.concurrency ?? 4, done);

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
