// Everything that reads records: the validator's parser, the index, the editors and the Handlebars
// compiler. Bundled apart from the CLI and loaded on demand, so `new` with nothing to read starts
// without them.
import { closeSync, openSync, readSync, realpathSync } from 'node:fs';
import path from 'node:path';
import Handlebars from 'handlebars';
import {
  DEFAULT_IGNORE,
  findConfig,
  indexEntries,
  indexState,
  lintAdrText,
  parseAdr,
  readRecords,
  recordBaseName,
  recordFileName,
  recordPageFolder,
  sameNumber,
  type AdrDocument,
  type IndexEntry,
  type NumberingScope,
} from '@distroless-service/validator';
import { err } from '@distroless-service/compile-cache/print';
import type { Settings } from './config.js';
import {
  addLinkEdit,
  applyEdits,
  isSupersededBy,
  isSupersedes,
  reverseOf,
  supersededEdits,
  supersedesKeyEdit,
} from './edit.js';
import { frontMatterBlock, hasSupersessionKeys, keySpelling, supersessionEntry } from './front-matter.js';
import { AdrError, UsageError } from './errors.js';
import type { LinkRequest } from './new.js';
import { COMPILE_OPTIONS, createEnv, type Render, type TemplateData } from './render.js';

export { DEFAULT_IGNORE };
export { parse as parseYaml } from 'yaml';

/** The validator's configuration as seen from `cwd`: status words, ignore globs and per-file limits. */
export async function validatorConfig(cwd: string): Promise<{
  statuses: string[];
  ignore: string[];
  fileTimeLimit: number;
  maxFileSize: number;
  numbering: NumberingScope;
}> {
  const config = await findConfig(cwd);
  return {
    numbering: config.numbering,
    statuses: config.statuses,
    ignore: config.ignore,
    fileTimeLimit: config.fileTimeLimit,
    maxFileSize: config.maxFileSize,
  };
}

/**
 * Says that a record was left out: it could not be read, or parsing it broke the validator's
 * per-file limits (a hostile file), so one such file cannot stall a command.
 */
function skipped(dir: string): (file: string, reason: string) => void {
  return (file, reason) =>
    err(`distroless-adr: warning: ${path.relative(process.cwd(), path.join(dir, file)) || file}: left out: ${reason}`);
}

export async function configuredStatuses(cwd: string): Promise<string[]> {
  return (await validatorConfig(cwd)).statuses;
}

export function compileTemplate(text: string, file: string): Render {
  const env = createEnv(Handlebars);
  const shown = path.relative(process.cwd(), file) || file;
  let template: (data: TemplateData) => string;
  try {
    template = env.compile(text, COMPILE_OPTIONS);
  } catch (e) {
    throw new UsageError(`template ${shown}: ${(e as Error).message}`);
  }
  return (data) => {
    try {
      return template(data);
    } catch (e) {
      throw new UsageError(`template ${shown}: ${renderError(e as HandlebarsError, text, data)}`);
    }
  };
}

type HandlebarsError = Error & { lineNumber?: number; column?: number };

/**
 * Handlebars says `"titel" not defined in [object Object] - 1:16` for a variable strict mode does
 * not know: named here as the template has it, at its line and 1-based column, with the known ones.
 */
function renderError(e: HandlebarsError, text: string, data: TemplateData): string {
  const m = /^"([^"]*)" not defined in /.exec(e.message);
  if (!m || e.lineNumber === undefined || e.column === undefined) return e.message.split('\n')[0]!;
  const line = text.split('\n')[e.lineNumber - 1] ?? '';
  // The path as written up to the unknown part (`foo.bar`), where Handlebars names only that part.
  const parts = (/^[^\s}~()=]+/.exec(line.slice(e.column))?.[0] ?? '').split(/[./]/);
  const name = parts.includes(m[1]!) ? parts.slice(0, parts.indexOf(m[1]!) + 1).join('.') : m[1]!;
  return `unknown variable "${name}" at ${e.lineNumber}:${e.column + 1} (known: ${Object.keys(data).join(', ')})`;
}

/** The first error the validator finds in a record's text (its own rules, default config), or null. */
export function firstError(text: string, file: string): string | null {
  const e = lintAdrText(text, { file }).messages.find((m) => m.severity === 'error');
  return e ? `${e.ruleId} ${e.message} (line ${e.line})` : null;
}

export async function loadDocs(settings: Settings, cwd: string): Promise<AdrDocument[]> {
  const { ignore, fileTimeLimit, maxFileSize } = await validatorConfig(cwd);
  return readRecords(settings.dir, [...ignore, settings.indexFile], {
    fileTimeLimit,
    maxFileSize,
    onSkip: skipped(settings.dir),
  });
}

/**
 * A record by number (compared as numbers) or by (part of) its file name, as adr-tools accepts, or
 * by its path from `cwd` (what `new` prints: `docs/adr/0007-x.md`, `./0007-x.md`, absolute).
 */
export function findRecord(docs: AdrDocument[], ref: string, dir: string, cwd: string): AdrDocument {
  const r = ref.trim();
  if (!r) throw new UsageError(`the record reference is empty: give a number, a file name or a path`);
  let hits: AdrDocument[];
  if (/^\d+$/.test(r)) {
    hits = docs.filter((d) => d.number !== null && sameNumber(d.number, r));
  } else {
    // A record kept as a folder (`0007-x/index.md`) goes by its folder's name, as `0007-x.md`.
    const name = (d: AdrDocument) => recordFileName(d.file);
    const exact = docs.filter((d) => d.file === r || name(d) === r || name(d).replace(/\.(md|markdown)$/i, '') === r);
    const byPath = exact.length > 0 ? exact : docs.filter((d) => samePath(path.resolve(cwd, r), d.absPath));
    hits = byPath.length > 0 ? byPath : docs.filter((d) => name(d).includes(r));
  }
  if (hits.length === 1) return hits[0]!;
  if (hits.length === 0) throw new UsageError(`no ADR '${ref}' in ${dir}`);
  throw new UsageError(`'${ref}' matches ${hits.length} ADRs (${hits.map((h) => h.file).join(', ')}); be more precise`);
}

/** The same file, also when one path goes through a symbolic link (a linked checkout, /tmp on macOS). */
function samePath(a: string, b: string): boolean {
  if (a === b) return true;
  try {
    return realpathSync(a) === realpathSync(b);
  } catch {
    return false; // no such file: not this record
  }
}

/**
 * Does a reference read by the parser (`0002-x.md`, `ADR-0002`, a log4brains slug) name `doc`? A
 * record kept as a folder is named by its folder: `../0002-x/index.md`, `../0002-x/`, `0002-x`.
 */
function refersTo(ref: string, doc: AdrDocument): boolean {
  const url = decodeURIComponent(ref.trim().split('#')[0]!);
  const parts = url.replace(/\/+$/, '').split('/');
  const page = recordPageFolder(doc.file) !== null;
  if (/\.(md|markdown)$/i.test(url))
    return page
      ? parts.slice(-2).join('/') === doc.file.split('/').slice(-2).join('/')
      : parts.pop() === doc.file.split('/').pop();
  if ((page ? parts[parts.length - 1] : url) === recordBaseName(doc.file)) return true;
  const n = /\d+/.exec(url)?.[0];
  return n !== undefined && doc.number !== null && sameNumber(n, doc.number);
}

/** Why a supersession could not be written: a Status section it cannot read, else each record's dialect. */
function whyNot(old: AdrDocument, by: AdrDocument): string {
  // A Status section whose first words are no status ("Provisionally superseded by ..."): no status to rewrite.
  const unread = [old, by].filter((d) => !d.status && d.sections.some((x) => x.concept === 'status'));
  if (unread.length > 0)
    return `: ${unread.map((d) => `${d.file}'s Status section starts with no status word`).join(', and ')}`;
  return ` in their dialects (${by.file}: ${by.dialect}, ${old.file}: ${old.dialect})`;
}

function startsWithBom(file: string): boolean {
  const head = Buffer.alloc(3);
  let fd: number | undefined;
  try {
    fd = openSync(file, 'r');
    return readSync(fd, head, 0, 3, 0) === 3 && head[0] === 0xef && head[1] === 0xbb && head[2] === 0xbf;
  } catch {
    return false; // gone: the write that follows says so
  } finally {
    if (fd !== undefined) closeSync(fd);
  }
}

interface Change {
  file: string;
  content: string;
  before: string;
}

/** A set of edits over several records, each re-parsed after its edit so offsets stay right. */
class Plan {
  private docs = new Map<string, AdrDocument>();
  private before = new Map<string, string>();
  /** Whether the folder's records say what supersedes what in front matter keys. */
  private readonly keyed: boolean;
  /** `all`: the folder's records, to follow chains of supersession through. */
  constructor(
    private readonly dir: string,
    private readonly all: AdrDocument[] = [],
  ) {
    this.keyed = all.some(hasSupersessionKeys);
  }

  /**
   * The front-matter key `doc` records this side of a supersession under: its own, or, where the
   * folder's records carry such keys, the folder's spelling; null to write it in the body.
   */
  private supersessionKey(doc: AdrDocument, which: 'supersedes' | 'superseded-by'): string | null {
    const block = frontMatterBlock(doc);
    if (doc.frontMatterError) return null;
    // A record with no front matter: where the folder keeps `superseded-by` in front matter, the
    // block it may get for its status holds the key too (supersededEdits).
    if (!block) return which === 'superseded-by' && this.keyed ? (keySpelling(this.all, which) ?? which) : null;
    const own = supersessionEntry(block, which);
    if (own) return own.key;
    if (!this.keyed && !hasSupersessionKeys(doc)) return null;
    return keySpelling(this.all, which) ?? which;
  }

  /** The front matter syntax of the folder's records that carry supersession keys (YAML when none do). */
  private keyedFormat(): 'yaml' | 'toml' {
    return this.all.filter(hasSupersessionKeys).map(frontMatterBlock)[0]?.format ?? 'yaml';
  }

  /** The records that supersede `doc`, following each one's "superseded by" in turn. */
  private successors(doc: AdrDocument): AdrDocument[] {
    const seen: AdrDocument[] = [];
    for (let cur = this.current(doc).supersededBy; cur;) {
      const next = this.all.find((d) => refersTo(cur!.ref, this.current(d)));
      if (!next || seen.includes(next)) break;
      seen.push(next);
      cur = this.current(next).supersededBy;
    }
    return seen;
  }

  current(doc: AdrDocument): AdrDocument {
    return this.docs.get(doc.absPath) ?? doc;
  }

  edit(doc: AdrDocument, edits: Array<{ start: number; end: number; text: string }>): void {
    const cur = this.current(doc);
    if (edits.length === 0) return;
    if (!this.before.has(cur.absPath)) this.before.set(cur.absPath, cur.text);
    this.docs.set(cur.absPath, parseAdr(applyEdits(cur.text, edits), cur.file, cur.absPath));
  }

  supersede(old: AdrDocument, by: AdrDocument): void {
    // A cycle would leave no current decision among them.
    const chain = this.successors(by);
    if (chain.includes(old))
      throw new AdrError(
        `${by.file} is superseded by ${[...chain.slice(0, chain.indexOf(old)), old].map((d) => d.file).join(', then ')}: ` +
          `it cannot supersede ${old.file} in turn; nothing was changed`,
      );
    const was = this.current(old).supersededBy;
    if (!was || !refersTo(was.ref, this.current(by))) {
      if (was) throw new AdrError(`${old.file} is already superseded by ${was.ref}`);
      const key = this.supersessionKey(this.current(old), 'superseded-by');
      this.edit(old, supersededEdits(this.current(old), this.current(by), key, this.keyedFormat()));
    }
    const key = this.supersessionKey(this.current(by), 'supersedes');
    if (!this.current(by).supersedes.some((s) => refersTo(s, this.current(old)))) {
      const link = key
        ? supersedesKeyEdit(this.current(by), this.current(old), key)
        : addLinkEdit(this.current(by), 'Supersedes', this.current(old));
      this.edit(by, link ? [link] : []);
    }
    // Read back what was written, with the validator's parser: both directions must be there.
    const o = this.current(old);
    const n = this.current(by);
    if (!o.supersededBy || !refersTo(o.supersededBy.ref, n) || !n.supersedes.some((s) => refersTo(s, o)))
      throw new AdrError(`cannot record that ${by.file} supersedes ${old.file}${whyNot(old, by)}; nothing was changed`);
  }

  link(from: AdrDocument, relation: string, to: AdrDocument, reverse: string): void {
    if (isSupersedes(relation)) return this.supersede(to, from);
    if (isSupersededBy(relation)) return this.supersede(from, to);
    const forward = addLinkEdit(this.current(from), relation, this.current(to));
    this.edit(from, forward ? [forward] : []);
    const back = addLinkEdit(this.current(to), reverse, this.current(from));
    this.edit(to, back ? [back] : []);
  }

  text(doc: AdrDocument): string {
    return this.current(doc).text;
  }

  changes(except?: string): Change[] {
    return [...this.docs.entries()]
      .filter(([abs]) => abs !== except)
      .map(([abs, doc]) => {
        // The reader drops a byte-order mark; the file keeps it, and is compared with it on disk.
        const bom = startsWithBom(abs) ? '\uFEFF' : '';
        return { file: abs, content: bom + doc.text, before: bom + this.before.get(abs)! };
      });
  }

  get folder(): string {
    return this.dir;
  }
}

export function reverseFor(relation: string, reverse?: string): string {
  if (reverse !== undefined && reverse.trim()) return reverse.trim();
  const r = reverseOf(relation);
  if (!r)
    throw new UsageError(
      `no known reverse for '${relation}'; give one (link: --reverse "<text>", new: --links N:${relation}:<reverse>)`,
    );
  return r;
}

function checkRelation(relation: string): string {
  const r = relation.trim();
  if (!/^[A-Za-z][A-Za-z -]{0,40}$/.test(r))
    throw new UsageError(`a relation is a few words such as 'Amends', got '${relation}'`);
  return r;
}

/** For `new --supersedes/--links`: the new record's final text and the changes to older records. */
export async function planNewLinks(
  settings: Settings,
  cwd: string,
  abs: string,
  text: string,
  supersedes: string[],
  links: LinkRequest[],
): Promise<{ text: string; changes: Change[] }> {
  const docs = await loadDocs(settings, cwd);
  const rel = path.relative(settings.dir, abs).split(path.sep).join('/');
  const fresh = parseAdr(text, rel, abs);
  const plan = new Plan(settings.dir, docs);
  for (const ref of supersedes) plan.supersede(findRecord(docs, ref, settings.dir, cwd), fresh);
  for (const l of links) {
    const [relation = '', reverse] = l.relation.split(':');
    plan.link(
      fresh,
      checkRelation(relation),
      findRecord(docs, l.ref, settings.dir, cwd),
      reverseFor(relation, reverse),
    );
  }
  return { text: plan.text(fresh), changes: plan.changes(abs) };
}

export async function planSupersede(
  settings: Settings,
  cwd: string,
  oldRef: string,
  newRef: string,
): Promise<Change[]> {
  const docs = await loadDocs(settings, cwd);
  const old = findRecord(docs, oldRef, settings.dir, cwd);
  const by = findRecord(docs, newRef, settings.dir, cwd);
  if (old === by) throw new UsageError('a record cannot supersede itself');
  const plan = new Plan(settings.dir, docs);
  plan.supersede(old, by);
  return plan.changes();
}

export async function planLink(
  settings: Settings,
  cwd: string,
  fromRef: string,
  relation: string,
  toRef: string,
  reverse?: string,
): Promise<Change[]> {
  const docs = await loadDocs(settings, cwd);
  const from = findRecord(docs, fromRef, settings.dir, cwd);
  const to = findRecord(docs, toRef, settings.dir, cwd);
  if (from === to) throw new UsageError('a record cannot link to itself');
  const rel = checkRelation(relation);
  const plan = new Plan(settings.dir, docs);
  plan.link(from, rel, to, isSupersedes(rel) || isSupersededBy(rel) ? '' : reverseFor(rel, reverse));
  return plan.changes();
}

export async function indexOf(settings: Settings, cwd: string) {
  const { ignore, statuses, fileTimeLimit, maxFileSize } = await validatorConfig(cwd);
  return indexState(settings.dir, {
    ignore,
    statuses,
    indexFile: settings.indexFile,
    fileTimeLimit,
    maxFileSize,
    onSkip: skipped(settings.dir),
  });
}

export async function listEntries(settings: Settings, cwd: string): Promise<IndexEntry[]> {
  const { statuses } = await validatorConfig(cwd);
  return indexEntries(await loadDocs(settings, cwd), statuses);
}
