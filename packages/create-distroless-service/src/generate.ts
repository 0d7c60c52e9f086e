// The library API: validated answers in, a service directory out.
import type { spawnSync as SpawnSync } from 'node:child_process';
import path from 'node:path';
import type { Answers } from './answers.js';
import { render } from './render.js';
import { pinImages } from './digests.js';
import { locateTemplates, type TemplateSet } from './templates.js';
import { clip } from './text.js';
import {
  conflicts,
  inspectTarget,
  recoverTarget,
  refuseDeviceNamedTarget,
  refuseSpecialTarget,
  TargetError,
  writeTree,
  type SwapStep,
} from './write.js';

export { GenerateError } from './render.js';
export { DigestError } from './digests.js';

export interface GenerateOptions {
  /** Target directory, resolved against the current directory. */
  dir: string;
  answers: Answers;
  /** Write into a non-empty directory, replacing files the template makes. */
  force?: boolean;
  /** Render and report, write nothing. */
  dryRun?: boolean;
  /** Initialise a git repository with a first commit (default true). */
  git?: boolean;
  templates?: TemplateSet;
  today?: Date;
  /**
   * Pin the base images by digest: each tag's current digest is read from its registry (a
   * DigestError, nothing written, when that fails). Mirrors as in resolveDigest.
   */
  pinDigests?: boolean | { mirrors?: Record<string, string> };
  /** Stops generation before it writes anything (the CLI aborts it on SIGINT/SIGTERM). */
  signal?: AbortSignal;
  /** Test hook: called at each step of the directory swap (see write.ts). */
  onStep?: (step: SwapStep) => void;
}

export interface GenerateResult {
  dir: string;
  files: { path: string; bytes: number; overwrites: boolean }[];
  dryRun: boolean;
  /** initialized; skipped (--no-git, dry run, already in a work tree); or why git could not run. */
  git: 'initialized' | 'skipped' | string;
  /** What was done about a swap a killed run left behind, if anything. */
  recovered?: string;
  /** The old tree a --force swap could not remove (the service is written): the user removes it. */
  leftover?: string;
}

/** git ran and failed (exit 1): nothing was written. */
export class GitError extends Error {
  override name = 'GitError';
  constructor(
    message: string,
    /** The signal git died of, if it did: the CLI's own Ctrl-C, when the whole process group got it. */
    readonly signal?: NodeJS.Signals,
  ) {
    super(message);
  }
}

/** Generation was interrupted by a signal before it wrote anything. */
export class InterruptedError extends Error {
  override name = 'InterruptedError';
}

export async function generate(options: GenerateOptions): Promise<GenerateResult> {
  const dir = path.resolve(options.dir);
  refuseDeviceNamedTarget(options.dir);
  refuseSpecialTarget(dir);
  const recovered = options.dryRun ? null : recoverTarget(dir);
  const notEmpty = (entries: string[]) => {
    if (entries.length === 0 || options.force) return;
    const shown =
      entries
        .slice(0, 5)
        .map((e) => clip(e, 40))
        .join(', ') + (entries.length > 5 ? ', …' : '');
    throw new TargetError(`${clip(dir)} is not empty (${shown}); use --force to write into it`);
  };
  // Checked before rendering for a quick answer, and again under the lock before writing.
  const target = inspectTarget(dir);
  notEmpty(target.entries);

  const templates = options.templates ?? locateTemplates();
  const pinned = options.pinDigests
    ? await pinImages(templates.images[options.answers.lang][options.answers.base], {
        mirrors: typeof options.pinDigests === 'object' ? options.pinDigests.mirrors : undefined,
      })
    : undefined;
  if (options.signal?.aborted) throw new InterruptedError('interrupted before writing: nothing was written');
  const tree = await render(options.answers, { templates, today: options.today, pinned });

  const overwrites = new Set(target.exists ? conflicts(tree, dir) : []);
  const files = [...tree]
    .map(([file, content]) => ({ path: file, bytes: content.length, overwrites: overwrites.has(file) }))
    // Code-unit order: localeCompare would load ICU collation, several milliseconds of start-up.
    .sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
  if (options.dryRun) return { dir, files, dryRun: true, git: 'skipped' };
  if (options.signal?.aborted) throw new InterruptedError('interrupted before writing: nothing was written');

  // Synchronous from here to the end, so a handled signal waits until the target is whole. git
  // runs in the staged tree: its failure leaves the target as it was.
  let git: GenerateResult['git'] = 'skipped';
  // Loaded only when git runs: child_process costs several milliseconds of start-up.
  const spawnSync = options.git === false ? null : (await import('node:child_process')).spawnSync;
  const leftover = writeTree(tree, dir, {
    check: (state) => notEmpty(state.entries),
    beforeSwap: (stage) => {
      if (spawnSync) git = initGit(stage, spawnSync);
    },
    onStep: options.onStep,
  });
  return { dir, files, dryRun: false, git, ...(recovered && { recovered }), ...(leftover && { leftover }) };
}

/** git init plus a first commit in dir. A missing git is a note; a failing git is a GitError. */
function initGit(dir: string, spawnSync: typeof SpawnSync): GenerateResult['git'] {
  const run = (...args: string[]) => spawnSync('git', args, { cwd: dir, encoding: 'utf8', stdio: 'pipe' });
  const inside = run('rev-parse', '--is-inside-work-tree');
  if (inside.error) {
    const code = (inside.error as NodeJS.ErrnoException).code;
    return code === 'ENOENT' ? 'not found on PATH: no repository initialised' : `could not run: ${code}`;
  }
  if (inside.status === 0 && inside.stdout.trim() === 'true') return 'skipped';
  const must = (...args: string[]) => {
    const result = run(...args);
    if (result.status === 0) return;
    const why = result.error
      ? (result.error as NodeJS.ErrnoException).code
      : result.signal
        ? `killed by ${result.signal}`
        : `exit ${result.status}`;
    const detail = clip((result.stderr ?? '').trim().split('\n')[0] ?? '', 200);
    const sub = args.find((a) => !a.startsWith('-') && !a.includes('='));
    throw new GitError(
      `git ${sub} failed (${why})${detail ? `: ${detail}` : ''}; nothing was written`,
      result.signal ?? undefined,
    );
  };
  must('init', '-q');
  must('add', '-A');
  // Commit as the user; fall back to a generator identity where none is configured (CI, containers).
  const identity =
    run('config', 'user.email').status === 0
      ? []
      : ['-c', 'user.name=create-distroless-service', '-c', 'user.email=create-distroless-service@localhost'];
  must(...identity, 'commit', '-q', '--no-verify', '-m', 'Initial commit from create-distroless-service');
  return 'initialized';
}
