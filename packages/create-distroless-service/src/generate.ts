// The library API: validated answers in, a service directory out.
import path from 'node:path';
import type { Answers } from './answers.js';
import { render } from './render.js';
import type { TemplateSet } from './templates.js';
import { conflicts, inspectTarget, TargetError, writeTree } from './write.js';

export { GenerateError } from './render.js';

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
}

export interface GenerateResult {
  dir: string;
  files: { path: string; bytes: number; overwrites: boolean }[];
  dryRun: boolean;
  git: 'initialized' | 'skipped' | string;
}

export async function generate(options: GenerateOptions): Promise<GenerateResult> {
  const dir = path.resolve(options.dir);
  const target = inspectTarget(dir);
  if (target.entries.length > 0 && !options.force) {
    const shown = target.entries.slice(0, 5).join(', ') + (target.entries.length > 5 ? ', …' : '');
    throw new TargetError(`${dir} is not empty (${shown}); use --force to write into it`);
  }

  const tree = await render(options.answers, { templates: options.templates, today: options.today });

  const overwrites = new Set(target.exists ? conflicts(tree, dir) : []);
  const files = [...tree]
    .map(([file, content]) => ({ path: file, bytes: content.length, overwrites: overwrites.has(file) }))
    // Code-unit order: localeCompare would load ICU collation, several milliseconds of start-up.
    .sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
  if (options.dryRun) return { dir, files, dryRun: true, git: 'skipped' };

  writeTree(tree, dir);
  const git = options.git === false ? 'skipped' : await initGit(dir);
  return { dir, files, dryRun: false, git };
}

/** git init plus a first commit; a failure here is reported, not fatal: the files are in place. */
async function initGit(dir: string): Promise<GenerateResult['git']> {
  // Loaded only here: child_process costs several milliseconds of start-up.
  const { execFileSync } = await import('node:child_process');
  const run = (...args: string[]) => execFileSync('git', args, { cwd: dir, stdio: 'pipe' }).toString().trim();
  try {
    if (run('rev-parse', '--is-inside-work-tree') === 'true') return 'skipped';
  } catch {
    // Not inside a repository: initialise one below.
  }
  try {
    run('init', '-q');
    run('add', '-A');
    // Commit as the user; fall back to a generator identity where none is configured (CI, containers).
    let identity: string[] = [];
    try {
      run('config', 'user.email');
    } catch {
      identity = ['-c', 'user.name=create-distroless-service', '-c', 'user.email=create-distroless-service@localhost'];
    }
    run(...identity, 'commit', '-q', '--no-verify', '-m', 'Initial commit from create-distroless-service');
    return 'initialized';
  } catch (error) {
    return `failed: ${(error as Error).message.split('\n')[0]}`;
  }
}
