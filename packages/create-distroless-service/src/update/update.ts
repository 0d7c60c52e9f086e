// `update`: brings a service to a newer template (or new answers) without losing the team's edits.
// The old template is rendered with the recorded answers (base), the new one with the new answers
// (theirs), and the difference is merged into the service's files (ours), as copier and cruft do.
import fs from 'node:fs';
import path from 'node:path';
import semverGt from 'semver/functions/gt.js';
import semverValid from 'semver/functions/valid.js';
import {
  formatRecord,
  GENERATOR,
  parseRecord,
  RECORD_FILE,
  RecordError,
  type ServiceRecord,
} from '@distroless-service/record';
import { answerKeys, checkAnswers, defaults, type Answers, type PartialAnswers } from '../answers.js';
import { MAX_ANSWERS_BYTES } from '../resolve.js';
import { hashTemplates, variantOf, type ImageSet } from '../templates.js';
import { applyChanges, FileReadError, readFileBounded, recoverTarget, type SwapStep } from '../write.js';
import { describeMarkers, findConflictMarkers, formatMarkers, templatePaths, type ConflictMarker } from './markers.js';
import { diff3Merge, gitMergeFile, hasGit, isCrlf, planMerge, type FileChange, type OurFile } from './merge.js';
import { ToolError, run } from './run.js';
import { ownSource, resolveSource, type TemplateSource } from './sources.js';

export interface UpdateOptions {
  /** The service's directory. */
  dir: string;
  /** Template to update to: a version, a dist-tag or a path (default: this generator's templates). */
  to?: string;
  /** Template the service was made from, when its record does not say or says wrongly. */
  from?: string;
  /** Answers to change (`--set port=9090`). */
  set?: PartialAnswers;
  /** Keep the template version; apply only changed answers. */
  answersOnly?: boolean;
  /** Compute everything, change nothing. */
  dryRun?: boolean;
  /** Only say whether the service is behind the template. */
  check?: boolean;
  /** Run on a git work tree with uncommitted changes. */
  force?: boolean;
  /** Stops the update before it writes anything (the CLI aborts it on SIGINT). */
  signal?: AbortSignal;
  git?: string;
  npm?: string;
  /** Test hook: called at each step of the directory swap (see write.ts). */
  onStep?: (step: SwapStep) => void;
  /**
   * Where a base image's digest is read (a pinned service whose template moved a base image to
   * another tag, or --pin-digests): registry host → base URL, as the generator's --registry-mirror.
   */
  mirrors?: Record<string, string>;
  /**
   * Pin an unpinned service's base images by digest, as the generator's --pin-digests: the digest
   * each tag of the new template's images names now (a DigestError, nothing written, when one
   * cannot be read). A service already pinned keeps its digests.
   */
  pinDigests?: boolean;
}

export interface UpdateResult {
  dir: string;
  /**
   * current: nothing to do; behind: (--check) the template moved; ahead: (--check) made from a newer
   * template than this one; updated: changes applied (or, in a dry run, would be); conflicts: applied
   * with conflicts left for a person.
   */
  status: 'current' | 'behind' | 'ahead' | 'updated' | 'conflicts';
  dryRun: boolean;
  from: string;
  to: string;
  /** Files changed or left in conflict (the record itself not included). */
  changes: FileChange[];
  /** Whether .distroless-service.json changes. */
  record: boolean;
  /** Answers changed by --set (with --check too: what makes the service behind besides its template). */
  answers: { key: string; from: unknown; to: unknown }[];
  /** (--check, behind) Whether the template itself moved; false: only the answers --set changes did. */
  templateBehind?: boolean;
  /** Unified diff of every change, for --dry-run. */
  diff?: string;
  /** Assumptions and warnings, each one line. */
  notes: string[];
  /** (--check) Conflicts an earlier update left unresolved in the template's files: the service is not current. */
  markers?: ConflictMarker[];
  /** Whether the service is (or, in a dry run, would be) on Chainguard images not pinned by digest: its CI fails. */
  unpinnedChainguard?: boolean;
  /** Whether the service is in a git work tree, so that `git diff` shows what was written (when it wrote). */
  git?: 'work-tree' | 'none' | 'no-git';
}

/** Bad input or a refusal: nothing was changed (exit 2). */
export class UpdateError extends Error {
  override name = 'UpdateError';
}

export async function update(options: UpdateOptions): Promise<UpdateResult> {
  const dir = path.resolve(options.dir);
  const notes: string[] = [];
  const git = options.git ?? 'git';
  if (options.answersOnly && options.to) throw new UpdateError('--answers-only keeps the template version: drop --to');
  if (options.check && options.pinDigests) throw new UpdateError('--check changes nothing: drop --pin-digests');
  if (options.check && options.dryRun) throw new UpdateError('--check changes nothing: drop --dry-run');

  // A swap a killed update or generation left half done is finished or undone first.
  const recovered = recoverTarget(dir);
  if (recovered) notes.push(recovered);
  const { record, text: recordText } = readRecord(dir);
  const { recorded, next } = answersOf(record, options.set ?? {}, notes);
  // The recorded variant names the templates the service was made from; --set framework changes the new one.
  const variant = variantOf(recorded);

  // Paths on the command line are relative to where it runs; npm runs in the service (its .npmrc).
  // npm's failure names the option that gives the same templates by path.
  const source = (spec: string, flag: '--from' | '--to') => resolveSource(spec, dir, options.npm, flag);
  const own = ownSource();
  const theirs = options.answersOnly
    ? await baseSource(record, variant, [own], options, notes, source)
    : options.to
      ? await source(options.to, '--to')
      : own;
  const theirsHash = hashTemplates(theirs.templates, variantOf(next));

  if (options.check) {
    // --from plays no part in the verdict, only in the update it stands for (printed): a --from
    // that names nothing must fail here as it would there, not pass as "up to date".
    if (options.from) await source(options.from, '--from');
    // An answer --set changes is an update to make as much as a newer template is.
    const changed = answerKeys.filter((key) => next[key] !== recorded[key]);
    // The template compared as the service was made (its recorded variant): --set framework is an answer.
    const sameVariant = variantOf(next) === variant;
    const templateCurrent = record.templateHash
      ? record.templateHash === (sameVariant ? theirsHash : hashTemplates(theirs.templates, variant))
      : record.templateVersion === theirs.templates.version;
    const current = changed.length === 0 && templateCurrent;
    if (!record.templateHash) notes.push(`${RECORD_FILE} records no template hash: compared by version only`);
    // Same version, other templates (a local build, a patched copy): the hashes tell them apart.
    const sameVersion = !templateCurrent && record.templateVersion === theirs.templates.version && record.templateHash;
    // Markers an earlier update wrote sit in files the template renders, under the names it gives them.
    const markers = findConflictMarkers(dir, templatePaths(theirs.templates, next));
    // Made from a newer template than this one: nothing to catch up with.
    const ahead = !current && newer(record.templateVersion, theirs.templates.version);
    const status = current ? 'current' : ahead ? 'ahead' : 'behind';
    return {
      dir,
      status,
      markers,
      dryRun: true,
      from: `${record.templateVersion ?? 'unknown'}${sameVersion ? ` (${short(record.templateHash!)})` : ''}`,
      to: `${theirs.label}${sameVersion ? ` (${short(theirsHash)})` : ''}`,
      changes: [],
      record: false,
      answers: changed.map((key) => ({ key, from: recorded[key], to: next[key] })),
      ...(status === 'behind' && { templateBehind: !templateCurrent }),
      notes,
    };
  }

  // An older CLI (or --to an older version) would undo the newer template's changes: only on purpose.
  if (!options.answersOnly && newer(record.templateVersion, theirs.templates.version)) {
    if (!options.force) {
      throw new UpdateError(
        `${dir} was made from template ${record.templateVersion}, newer than ${theirs.label}: ` +
          'update does not go back to an older template; run a newer create-distroless-service, or pass --force',
      );
    }
    notes.push(`going back from template ${record.templateVersion} to the older ${theirs.label} (--force)`);
  }
  const base = options.answersOnly ? theirs : await baseSource(record, variant, [theirs, own], options, notes, source);
  const baseHash = hashTemplates(base.templates, variant);
  // Merging over unresolved markers would nest new ones in them: refused, unless forced (dry run too,
  // so that it shows what the update would do). Only the template's files can hold markers it wrote.
  const markers = findConflictMarkers(dir, [
    ...templatePaths(base.templates, recorded),
    ...templatePaths(theirs.templates, next),
  ]);
  if (markers.length > 0) {
    if (!options.force) {
      throw new UpdateError(
        `${describeMarkers(markers)} from an earlier update in ${formatMarkers(markers)}; ` +
          'resolve them (and commit) first, or pass --force to merge over them',
      );
    }
    notes.push(`merging over unresolved conflict markers (--force): ${formatMarkers(markers)}`);
  }
  if (record.templateHash && record.templateHash !== baseHash && !options.from) {
    notes.push(
      `the templates of ${base.label} (${short(baseHash)}) differ from the ones recorded (${short(record.templateHash)}): ` +
        'their differences show as your edits; pass --from <path> with the exact templates to avoid that',
    );
  }
  const generated = record.generated ?? (await generationDate(dir, git, notes));
  // --pin-digests on a service generated without it: the base renders as generated (by tag), the
  // new template pinned, so the FROM lines and the text about pinning merge like a template change.
  const startPinning = Boolean(options.pinDigests) && !record.digests;
  if (options.pinDigests && record.digests)
    notes.push('already pinned by digest: the recorded digests are kept (Renovate moves them)');
  const rerender = baseHash !== theirsHash || !sameAnswers(recorded, next) || startPinning;
  // A service generated with --pin-digests is rendered pinned on both sides: the base with the
  // digests it was generated with, the new template with the same digest for a tag it still
  // names (a newer one Renovate wrote into the Dockerfile is the service's own edit and stays),
  // and the registry's current digest for a tag it moved to.
  let basePinned: ImageSet | undefined;
  let theirsPinned: ImageSet | undefined;
  if (record.digests && rerender) {
    const known = record.digests;
    const recordedImages = base.templates.images[recorded.lang][recorded.base];
    basePinned = {
      builder: withDigest(recordedImages.builder, known),
      runtime: withDigest(recordedImages.runtime, known),
    };
    const { pinWithKnown } = await import('../digests.js');
    const nextImages = theirs.templates.images[next.lang][next.base];
    const fresh = [nextImages.builder, nextImages.runtime].filter((ref) => !known[ref]);
    theirsPinned = await pinWithKnown(nextImages, known, { mirrors: options.mirrors });
    if (fresh.length) notes.push(`pinned ${fresh.join(' and ')} to the digest its registry names now`);
  } else if (startPinning) {
    // The generator's own resolution (the same registry API, token and mirrors).
    const { pinImages } = await import('../digests.js');
    const nextImages = theirs.templates.images[next.lang][next.base];
    theirsPinned = await pinImages(nextImages, { mirrors: options.mirrors });
    notes.push(`pinned ${nextImages.builder} and ${nextImages.runtime} to the digests their registries name now`);
  }
  const { digestsOf } = await import('../digests.js');
  const digests = theirsPinned ? digestsOf(theirsPinned) : record.digests;
  const formatted = formatRecord({
    generator: GENERATOR,
    templateVersion: theirs.templates.version,
    templateHash: theirsHash,
    generated,
    ...(digests && { digests }),
    // In the generator's order (answerKeys), so an update does not reorder the record's lines.
    answers: Object.fromEntries(answerKeys.map((key) => [key, next[key]])),
  });
  // In the record's own line endings, as every file the update writes (a CRLF checkout stays CRLF).
  const newRecord = isCrlf(Buffer.from(recordText)) ? formatted.replaceAll('\n', '\r\n') : formatted;
  const recordChanges = newRecord !== recordText;

  let changes: FileChange[] = [];
  if (rerender) {
    const today = new Date(`${generated}T12:00:00Z`);
    // Loaded only when there is something to render: node-plop and the Handlebars compiler are
    // most of this bundle's start-up, and --check and a no-op need neither.
    const { render } = await import('../render.js');
    const [baseTree, theirsTree] = await Promise.all([
      render(recorded, { templates: base.templates, today, precompiled: base.own, pinned: basePinned }),
      render(next, { templates: theirs.templates, today, precompiled: theirs.own, pinned: theirsPinned }),
    ]);
    baseTree.delete(RECORD_FILE);
    theirsTree.delete(RECORD_FILE);
    const labels = { ours: 'yours', base: `template ${base.label}`, theirs: `template ${theirs.label}` };
    let merge = gitMergeFile(labels, git);
    if (!(await hasGit(git))) {
      notes.push('git not found: merging with node-diff3 instead of git merge-file');
      merge = diff3Merge(labels);
    }
    changes = await planMerge({
      base: baseTree,
      theirs: theirsTree,
      readOurs: (file) => readOurs(dir, file),
      hasOurs: (file) => hasOurs(dir, file),
      listOurs: () => listOurs(dir, git),
      merge,
    });
  }

  const writes = new Map<string, Buffer | null>();
  for (const change of changes) {
    if (change.content === undefined) continue;
    writes.set(change.aside ?? change.path, change.content);
    // A file moved upstream leaves its old path, unless the team's file stays there (a binary conflict).
    if (change.from && !change.aside) writes.set(change.from, null);
  }
  if (recordChanges) writes.set(RECORD_FILE, Buffer.from(newRecord));
  const conflicted = changes.some((c) => c.outcome === 'conflict');
  const result: UpdateResult = {
    dir,
    status: conflicted ? 'conflicts' : writes.size > 0 ? 'updated' : 'current',
    dryRun: Boolean(options.dryRun),
    from: base.label,
    to: theirs.label,
    changes,
    record: recordChanges,
    answers: answerKeys
      .filter((key) => recorded[key] !== next[key])
      .map((key) => ({ key, from: recorded[key], to: next[key] })),
    notes,
    unpinnedChainguard: next.base === 'chainguard' && !digests,
  };
  if (options.dryRun) {
    result.diff = await unifiedDiff(writes, (file) => readOurs(dir, file));
    return result;
  }
  // Only an update that writes needs a clean tree (so that `git diff` shows it alone).
  if (writes.size > 0) result.git = await refuseDirty(dir, git, notes, Boolean(options.force));
  if (options.signal?.aborted) throw new UpdateError('interrupted before writing: nothing changed');
  // Synchronous from here to the end: a signal is handled only after every file is in place.
  if (writes.size > 0) {
    const leftover = applyChanges(dir, writes, { onStep: options.onStep });
    if (leftover) notes.push(`the update is written, but ${leftover}`);
  }
  return result;
}

/** Whether template version `made` is newer than `to` (semver; a version that is not semver is never newer). */
function newer(made: string | undefined, to: string): boolean {
  return Boolean(made && semverValid(made) && semverValid(to) && semverGt(made, to));
}

/** ref@digest when the record knows ref's digest; ref itself otherwise (templates other than recorded). */
function withDigest(ref: string, known: Record<string, string>): string {
  return known[ref] ? `${ref}@${known[ref]}` : ref;
}

/** A record is a few hundred bytes: the same cap, and the same refusals, as an answers file. */
const MAX_RECORD_BYTES = MAX_ANSWERS_BYTES;
/** A file merged by update (ours): far above any generated file, small enough to hold in memory. */
const MAX_MERGED_BYTES = 16 * 1024 * 1024;

function readRecord(dir: string): { record: ServiceRecord; text: string } {
  const file = path.join(dir, RECORD_FILE);
  let text: string;
  try {
    // Bounded, and never blocking: a FIFO here would hang the open where no signal handler runs.
    text = readFileBounded(file, MAX_RECORD_BYTES).toString('utf8');
  } catch (error) {
    if (!(error instanceof FileReadError)) throw error;
    if (error.code === 'ENOENT') {
      if (!fs.existsSync(dir)) throw new UpdateError(`${dir} does not exist`);
      throw new UpdateError(`${dir} has no ${RECORD_FILE}: update works on services made by ${GENERATOR}`);
    }
    throw new UpdateError(error.code ? `cannot read ${file}: ${error.message}` : `${file} ${error.message}`);
  }
  try {
    const record = parseRecord(text, file);
    if (record.generator !== GENERATOR)
      throw new UpdateError(`${file} was written by "${record.generator}", not ${GENERATOR}`);
    return { record, text };
  } catch (error) {
    if (error instanceof RecordError) throw new UpdateError(error.message);
    throw error;
  }
}

/** The recorded answers (answers added since take their defaults) and the new ones with --set applied. */
function answersOf(record: ServiceRecord, set: PartialAnswers, notes: string[]): { recorded: Answers; next: Answers } {
  const known: PartialAnswers = {};
  for (const [key, value] of Object.entries(record.answers)) {
    if ((answerKeys as string[]).includes(key)) known[key as keyof PartialAnswers] = value;
    else notes.push(`answer "${key}" in ${RECORD_FILE} is not known to this version and is dropped`);
  }
  // Records from before --adr-status: their templates wrote every decision record as accepted.
  if (known.adrStatus === undefined) known.adrStatus = 'accepted';
  const name = typeof known.name === 'string' ? known.name : undefined;
  const recorded = checkAnswers({ ...defaults(name), ...known }, (key) => `"${key}" in ${RECORD_FILE}`);
  for (const key of answerKeys) {
    // A key with no value (framework outside Node) has nothing to default.
    if (record.answers[key] === undefined && recorded[key] !== undefined)
      notes.push(`answer "${key}" is not recorded: using its default, ${JSON.stringify(recorded[key])}`);
  }
  // Before the schema check: a recorded Node framework would make another language fail there, less clearly.
  if (set.lang !== undefined && set.lang !== recorded.lang) {
    throw new UpdateError(
      `--set lang: a service cannot change language by update; generate a new ${String(set.lang)} service`,
    );
  }
  // A description still the default names the service: a new name takes it along, as generation would.
  const renamed = set.name !== undefined && set.name !== recorded.name && set.description === undefined;
  const follow = renamed && recorded.description === defaults(recorded.name).description;
  const next = checkAnswers(
    { ...recorded, ...set, ...(follow && { description: defaults(String(set.name)).description }) },
    (key) => `--set ${key}`,
  );
  if (follow) notes.push(`the description was the default, so it follows the new name: "${next.description}"`);
  return { recorded, next };
}

/**
 * The templates the service was made from: --from; else one at hand whose hash (or, for records
 * without one, version) is the recorded one; else the recorded version, fetched.
 */
async function baseSource(
  record: ServiceRecord,
  variant: string,
  atHand: TemplateSource[],
  options: UpdateOptions,
  notes: string[],
  source: (spec: string, flag: '--from' | '--to') => Promise<TemplateSource>,
): Promise<TemplateSource> {
  if (options.from) return source(options.from, '--from');
  const version = record.templateVersion;
  if (record.templateHash) {
    const same = atHand.find((s) => hashTemplates(s.templates, variant) === record.templateHash);
    if (same) return same;
  }
  if (!version) {
    throw new UpdateError(
      `${RECORD_FILE} records no template version, so the templates the service was made from are unknown; ` +
        'pass --from <version|path> to name them',
    );
  }
  if (!record.templateHash) {
    notes.push(
      `${RECORD_FILE} records no template hash (written before ${GENERATOR} recorded one): ` +
        `assuming the service was made from the published templates of ${version}`,
    );
    const same = atHand.find((s) => s.own && s.templates.version === version);
    if (same) return same;
  }
  return source(version, '--from');
}

/**
 * Refuses to run over uncommitted changes (unless forced): after an update, `git diff` must show the
 * update alone. Says whether there is a work tree to diff.
 */
async function refuseDirty(
  dir: string,
  git: string,
  notes: string[],
  force: boolean,
): Promise<NonNullable<UpdateResult['git']>> {
  let inside;
  try {
    inside = await run(git, ['rev-parse', '--is-inside-work-tree'], dir);
  } catch (error) {
    if (!(error instanceof ToolError)) throw error;
    notes.push('git not found: cannot check for uncommitted changes; review the changes listed');
    return 'no-git';
  }
  if (inside.code !== 0 || inside.stdout.toString().trim() !== 'true') {
    notes.push('not in a git work tree: review the changes listed before building on them');
    return 'none';
  }
  if (force) return 'work-tree';
  const status = await run(git, ['status', '--porcelain', '--untracked-files=normal', '--', '.'], dir);
  if (status.code !== 0) throw new UpdateError(`git status failed: ${status.stderr.toString().trim()}`);
  const dirty = status.stdout.toString().split('\n').filter(Boolean);
  if (dirty.length > 0) {
    const shown =
      dirty
        .slice(0, 3)
        .map((l) => l.slice(3))
        .join(', ') + (dirty.length > 3 ? ', …' : '');
    throw new UpdateError(
      `${dir} has uncommitted changes (${shown}); commit or stash them so the update can be reviewed and undone, or pass --force`,
    );
  }
  return 'work-tree';
}

/** For records without a date: the day git first saw the record, else today. */
async function generationDate(dir: string, git: string, notes: string[]): Promise<string> {
  const log = await run(git, ['log', '--diff-filter=A', '--format=%cs', '--', RECORD_FILE], dir).catch(() => null);
  const first = log?.code === 0 ? log.stdout.toString().trim().split('\n').at(-1) : undefined;
  if (first && /^\d{4}-\d{2}-\d{2}$/.test(first)) {
    notes.push(`${RECORD_FILE} records no generation date: using ${first}, when git first saw it`);
    return first;
  }
  const today = new Date().toISOString().slice(0, 10);
  notes.push(
    `${RECORD_FILE} records no generation date and git has none: using today (${today}); dated lines may conflict`,
  );
  return today;
}

/** A service's regular files (relative, `/`-separated, with sizes), where update looks for a file the team moved. */
async function listOurs(dir: string, git: string): Promise<OurFile[]> {
  const sized = (paths: Iterable<string>): OurFile[] => {
    const files: OurFile[] = [];
    for (const file of paths) {
      try {
        const stat = fs.lstatSync(path.join(dir, file));
        if (stat.isFile()) files.push({ path: file, size: stat.size });
      } catch {
        // Listed by git, gone from the work tree.
      }
    }
    return files;
  };
  // In a work tree, git's list: tracked and untracked, never what .gitignore leaves out (node_modules).
  const listed = await run(git, ['ls-files', '-z', '--cached', '--others', '--exclude-standard'], dir).catch(
    () => null,
  );
  if (listed?.code === 0) return sized(new Set(listed.stdout.toString('utf8').split('\0').filter(Boolean)));
  const files: string[] = [];
  const walk = (rel: string) => {
    for (const entry of fs.readdirSync(path.join(dir, rel), { withFileTypes: true })) {
      if (files.length >= MAX_LISTED) return;
      const file = rel ? `${rel}/${entry.name}` : entry.name;
      if (entry.isDirectory() && !SKIPPED.has(entry.name)) walk(file);
      else if (entry.isFile()) files.push(file);
    }
  };
  walk('');
  return sized(files);
}

/** Outside git: folders no template file is in, and a bound on what is looked at. */
const SKIPPED = new Set(['.git', 'node_modules', '.venv', 'venv', '__pycache__', 'dist']);
const MAX_LISTED = 20_000;

/** Whether anything is at a path of the service (a file, a link, a folder), without reading it. */
function hasOurs(dir: string, file: string): boolean {
  try {
    fs.lstatSync(path.join(dir, file));
    return true;
  } catch {
    return false;
  }
}

function readOurs(dir: string, file: string): Buffer | null {
  const full = path.join(dir, file);
  let stat: fs.Stats;
  try {
    stat = fs.lstatSync(full);
  } catch {
    return null;
  }
  if (!stat.isFile()) {
    throw new UpdateError(
      `${full} is ${stat.isDirectory() ? 'a directory' : 'not a regular file'}, but the template has a file there; move it and retry`,
    );
  }
  try {
    // Not through a link swapped in since the lstat, never blocking, bounded.
    return readFileBounded(full, MAX_MERGED_BYTES, { noFollow: true });
  } catch (error) {
    if (!(error instanceof FileReadError)) throw error;
    throw new UpdateError(
      error.code ? `cannot read ${full}: ${error.message}` : `cannot merge ${full}: it ${error.message}`,
    );
  }
}

function sameAnswers(a: Answers, b: Answers): boolean {
  return answerKeys.every((key) => a[key] === b[key]);
}

const short = (hash: string) => hash.slice(0, 'sha256:'.length + 12);

async function unifiedDiff(
  writes: Map<string, Buffer | null>,
  readOurs: (file: string) => Buffer | null,
): Promise<string> {
  const { createTwoFilesPatch } = await import('diff');
  const parts: string[] = [];
  for (const file of [...writes.keys()].sort()) {
    const before = readOurs(file);
    const after = writes.get(file) ?? null;
    if (before?.includes(0) || after?.includes(0)) {
      parts.push(
        `Binary files ${before ? `a/${file}` : '/dev/null'} and ${after ? `b/${file}` : '/dev/null'} differ\n`,
      );
      continue;
    }
    const patch = createTwoFilesPatch(
      before ? `a/${file}` : '/dev/null',
      after ? `b/${file}` : '/dev/null',
      before?.toString('utf8') ?? '',
      after?.toString('utf8') ?? '',
      undefined,
      undefined,
      { context: 3 },
    );
    // jsdiff starts each patch with a line of `=`; git's form starts at `---`.
    parts.push(`diff --git a/${file} b/${file}\n` + patch.replace(/^={3,}\n/, ''));
  }
  return parts.join('');
}
