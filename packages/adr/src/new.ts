// `new`: pick the template (flag, config, the repository's adr-tools template, or the dialect of the
// records already there), then, holding the folder's lock, choose the next number, render through a
// plop action into memory and create the file in one step. Links to older records (--supersedes,
// --links) are written in the same locked step, to both records or to neither.
import { readFileSync, rmdirSync, statSync, unlinkSync } from 'node:fs';
import path from 'node:path';
import nodePlop from 'node-plop';
import { DEFAULT_STATUSES } from '@distroless-service/validator';
import { resolveSettings, type Settings } from './config.js';
import { AdrError, UsageError } from './errors.js';
import { candidates, DialectMemo, followFolder, type Found } from './follow.js';
import { loadPart } from './lazy.js';
import { withLock } from './lock.js';
import { createNumbered } from './claim.js';
import { beginJournal, endJournal } from './journal.js';
import { detectPattern, newFileName, type ExistingRecord } from './naming.js';
import {
  conformBullets,
  conformFrontMatter,
  conformHeading,
  continueCounters,
  learnConventions,
  siteEntries,
  type Conventions,
} from './conventions.js';
import { frontMatterBlockOf, renderFrontMatter, replaceFrontMatter, type FrontMatterStyle } from './front-matter.js';
import { fillTeamTemplate, teamTemplateFile } from './team-template.js';
import { err } from '@distroless-service/compile-cache/print';
import {
  adrToolsTemplate,
  besideTemplateFile,
  besideTemplateNames,
  builtinNames,
  builtinTemplate,
  DEFAULT_TEMPLATE,
  isAdrToolsTemplate,
  repoTemplateFile,
  type Render,
  type TemplateData,
} from './render.js';
import type * as RecordsModule from './records.js';
import { today } from './today.js';
import { makeDirs, removeEmptyDir, replaceAll } from './write.js';

export interface LinkRequest {
  /** A record reference: number or file name. */
  ref: string;
  relation: string;
}

export interface NewOptions {
  cwd: string;
  title: string;
  template?: string;
  status?: string;
  supersedes?: string[];
  links?: LinkRequest[];
  deciders?: string;
  dir?: string;
  /** YYYY-MM-DD; default today (local time, as `date +%F`). */
  date?: string;
}

export interface NewResult {
  /** Absolute path of the new record. */
  file: string;
  template: string;
  /** Why this template: `--template`, `config`, `adr-tools template`, `dialect <name>`, `default`. */
  templateReason: string;
  updated: string[];
  /**
   * Which of new's code paths the run took: `dialect` (followed the records), `default` or
   * `named`, with `+records` where the folder held records (their conventions are followed) and
   * `+links` where others were updated. The bin's compile cache keeps each apart (compile-cache/kind):
   * an entry made by a first `new` into an empty folder holds none of the code every later one runs.
   */
  codePath: string;
}

type Records = typeof RecordsModule;
let records: Promise<Records> | undefined;
/** The parser and editors: loaded only when a command needs to read records. */
export const loadRecords = (): Promise<Records> => (records ??= loadPart('records', () => import('./records.js')));

export { today };

function checkDate(date: string): string {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(date);
  const d = m ? new Date(Date.UTC(+m[1]!, +m[2]! - 1, +m[3]!)) : null;
  if (!d || d.toISOString().slice(0, 10) !== date)
    throw new UsageError(`--date must be a date as YYYY-MM-DD, got '${date}'`);
  return date;
}

async function checkStatus(status: string, cwd: string): Promise<string> {
  if (!/^[A-Za-z][A-Za-z -]*$/.test(status))
    throw new UsageError(`--status must be a word such as proposed, got '${status}'`);
  const word = status.toLowerCase();
  if (DEFAULT_STATUSES.includes(word)) return word;
  // A team's own status words live in the validator's config; read it only for an unusual status.
  const allowed = await (await loadRecords()).configuredStatuses(cwd);
  if (!allowed.includes(word))
    throw new UsageError(`--status '${status}' is not an allowed status (${allowed.join(', ')})`);
  return word;
}

interface Chosen {
  name: string;
  reason: string;
  render: Render;
  /** The newest record's TOML front matter, written instead of the template's. */
  frontMatter?: FrontMatterStyle | null;
  /**
   * A built-in template: it follows what the folder's records share (their conventions), learned
   * from the scan the number is claimed with, under the lock (no scan of its own).
   */
  followsFolder?: boolean;
  /** The team's own template: kept as written, but for the keys its records count up (continueCounters). */
  teamOwn?: boolean;
  /** The dialect read from the newest records (`read`), and the memo that keeps each one's verdict. */
  followed?: { found: Found; memo: DialectMemo; read: string[] };
}

/** The folder's conventions, when it has records: a built-in template follows them. */
function conventionsOf(dir: string, existing: ExistingRecord[]): Conventions | undefined {
  return existing.length > 0 ? learnConventions(dir, existing) : undefined;
}

/**
 * The template a flag, the config or the repository names, or null: then the folder's records
 * decide (followFolder), read from the scan `new` claims its number with.
 */
async function chooseTemplate(settings: Settings, flag: string | undefined): Promise<Chosen | null> {
  const named = flag ?? settings.template ?? undefined;
  if (named !== undefined) {
    const reason = flag !== undefined ? '--template' : 'config';
    const own = repoTemplateFile(settings.templatesDir, named) ?? besideTemplateFile(settings.dir, named);
    if (own) return { name: named, reason, render: await repoRender(own), teamOwn: true };
    if (!builtinNames().includes(named)) {
      const beside = besideTemplateNames(settings.dir);
      const theirs =
        (settings.templatesDir ? ` or in ${settings.templatesDir}` : '') +
        (beside.length > 0 ? `; beside the records: ${beside.join(', ')}` : '');
      throw new UsageError(`unknown template '${named}'; built in: ${builtinNames().join(', ')}${theirs}`);
    }
    return { name: named, reason, render: builtinTemplate(named), followsFolder: true };
  }
  // adr-tools uses `templates/template.md` in the ADR folder for every new record; so do we.
  const adrTools = repoTemplateFile(settings.templatesDir, 'template');
  if (adrTools)
    return { name: 'template', reason: 'repository template', render: await repoRender(adrTools), teamOwn: true };
  // The template file the team keeps beside its records (adr-template.md, 0000-template.md, ...).
  const team = teamTemplateFile(settings.dir);
  return team ? teamTemplate(team) : null;
}

/** The template the newest records in `dir` are written in, else the default. */
async function followChosen(dir: string, existing: ExistingRecord[]): Promise<Chosen> {
  if (existing.length > 0) {
    const memo = DialectMemo.open(dir);
    // Sorted once: the memo keeps the verdicts of exactly the records read.
    const newest = candidates(existing);
    const detected = await followFolder(dir, newest, memo);
    const read = newest.map((r) => r.file);
    if (detected)
      return {
        name: detected.template,
        reason: `dialect ${detected.dialect}`,
        render: builtinTemplate(detected.template),
        frontMatter: detected.frontMatter,
        followsFolder: true,
        followed: { found: detected, memo, read },
      };
    memo.save(read);
  }
  return {
    name: DEFAULT_TEMPLATE,
    reason: 'default',
    render: builtinTemplate(DEFAULT_TEMPLATE),
    followsFolder: true,
  };
}

const SAMPLE: TemplateData = {
  title: 'Sample title',
  number: '1',
  id: '0001',
  date: '2026-01-01',
  status: 'proposed',
  deciders: '',
  file: '0001-sample-title.md',
};

/**
 * The team's template file as a Render, or null, with a warning, when what it writes would not
 * lint without errors (the folder's dialect is followed instead): the file is picked up by its
 * name alone, so it is tried before it is trusted.
 */
async function teamTemplate(file: string): Promise<Chosen | null> {
  const shown = path.relative(process.cwd(), file) || file;
  let problem: string | null;
  let render: Render | null = null;
  try {
    if (statSync(file).size > TEAM_TEMPLATE_MAX) throw new Error(`larger than ${TEAM_TEMPLATE_MAX} bytes`);
    const text = readFileSync(file, 'utf8');
    const records = await loadRecords();
    render = text.includes('{{') ? records.compileTemplate(text, file) : (data) => fillTeamTemplate(text, data);
    problem = records.firstError(render(SAMPLE), SAMPLE.file);
  } catch (e) {
    problem = (e as Error).message;
  }
  if (problem !== null || !render) {
    err(`distroless-adr: warning: ${shown}: not used as the template: ${problem}`);
    return null;
  }
  return { name: path.basename(file), reason: "the folder's template", render, teamOwn: true };
}

/** A template file larger than this is not a template. */
const TEAM_TEMPLATE_MAX = 256 * 1024;

async function repoRender(file: string): Promise<Render> {
  const text = readFileSync(file, 'utf8');
  // A plain Markdown template (MADR's, log4brains') is filled as the team's own template is.
  if (!text.includes('{{')) return isAdrToolsTemplate(text) ? adrToolsTemplate(text) : (d) => fillTeamTemplate(text, d);
  return (await loadRecords()).compileTemplate(text, file);
}

/** Renders through plop: one `render` action that keeps its output in memory. */
async function renderWithPlop(render: Render, data: TemplateData): Promise<string> {
  const plop = await nodePlop('');
  let out: string | null = null;
  plop.setActionType('render', (answers) => {
    out = render(answers as unknown as TemplateData);
    return (answers as unknown as TemplateData).file;
  });
  plop.setGenerator('adr', {
    description: 'an Architecture Decision Record',
    prompts: [],
    actions: [{ type: 'render' }],
  });
  const { failures } = await plop.getGenerator('adr').runActions(data as never);
  if (failures.length > 0 || out === null) {
    const f = failures[0] as { error?: string; message?: string } | undefined;
    throw new AdrError(`rendering the template failed: ${f?.error ?? f?.message ?? 'no output'}`);
  }
  return out;
}

export async function newRecord(options: NewOptions): Promise<NewResult> {
  const title = options.title.trim();
  if (!title) throw new UsageError('the title is empty');
  if (/[\r\n]/.test(title)) throw new UsageError('the title must be one line');
  const settings = await resolveSettings(options.cwd, options.dir);
  const status = await checkStatus(options.status ?? 'proposed', options.cwd);
  const date = options.date !== undefined ? checkDate(options.date) : today();
  const named = await chooseTemplate(settings, options.template);
  const wantsLinks = (options.supersedes?.length ?? 0) + (options.links?.length ?? 0) > 0;
  const editor = wantsLinks ? await loadRecords() : null;
  // A sub-folder of the ADR folder (`--dir docs/adr/backend`) takes the next number of the whole
  // tree, as the validator's unique-number compares it, unless its config says `numbering: folder`.
  // Only this case reads the validator's config: plain `new` starts without it.
  const numbersIn =
    settings.root && (await (await loadRecords()).validatorConfig(options.cwd)).numbering === 'tree'
      ? settings.root
      : settings.dir;

  // Folders this run creates are removed again if it fails.
  const created = makeDirs(settings.dir);
  try {
    return await withLock(settings.dir, async () => {
      let chosen: Chosen | undefined;
      let hadRecords = false;
      let changes: Array<{ file: string; content: string; before: string }> = [];
      const record = await createNumbered(
        settings.dir,
        async (existing, numbered) => {
          chosen ??= named ?? (await followChosen(settings.dir, existing));
          hadRecords = existing.length > 0;
          // The folder's own convention; an empty sub-folder follows the tree's.
          const pattern = detectPattern(existing.some((r) => r.number !== null || r.dateSlug) ? existing : numbered);
          const taken = new Set(existing.map((r) => r.file.toLowerCase()));
          const name = newFileName(pattern, numbered, title, date, (f) => taken.has(f.toLowerCase()));
          const data: TemplateData = {
            title,
            number: name.number === null ? '' : name.number.toString(),
            id: name.id ?? '',
            date,
            status,
            deciders: options.deciders ?? '',
            file: name.file,
          };
          let text = await renderWithPlop(chosen.render, data);
          const conventions = chosen.followsFolder ? conventionsOf(settings.dir, existing) : undefined;
          if (chosen.frontMatter) {
            const site = conventions ? siteEntries(conventions, data) : undefined;
            text = replaceFrontMatter(text, renderFrontMatter(chosen.frontMatter, data, site));
          } else if (conventions) text = conformFrontMatter(text, conventions, data);
          if (conventions) text = conformBullets(conformHeading(text, conventions, data), conventions);
          // Only a template with front matter has keys to count: no other reads the records for it.
          const counted =
            chosen.teamOwn && frontMatterBlockOf(text) ? conventionsOf(settings.dir, existing) : undefined;
          if (counted) text = continueCounters(text, counted, data);
          if (!editor) return { name, text };
          endJournal(settings.dir); // a draft before this one may have begun one
          const abs = path.join(settings.dir, name.file);
          const planned = await editor.planNewLinks(
            settings,
            options.cwd,
            abs,
            text,
            options.supersedes ?? [],
            options.links ?? [],
          );
          changes = planned.changes;
          // Written before the record exists, so a run killed anywhere from here on is undone.
          if (changes.length > 0)
            beginJournal(settings.dir, [
              { file: abs, before: null },
              ...changes.map((c) => ({ file: c.file, before: c.before })),
            ]);
          return { name, text: planned.text };
        },
        10,
        numbersIn,
      ).catch((e: unknown) => {
        if (editor) endJournal(settings.dir);
        throw e;
      });
      if (changes.length > 0) {
        try {
          replaceAll(changes);
        } catch (e) {
          unlinkSync(record.file);
          if (record.name.file.includes('/')) removeEmptyDir(path.dirname(record.file));
          endJournal(settings.dir);
          throw new AdrError(
            `could not update the linked records, so ${record.name.file} was not created: ${(e as Error).message}`,
          );
        }
        endJournal(settings.dir);
      }
      rememberDialect(settings.dir, chosen!, record.name.file, !editor);
      return {
        file: record.file,
        template: chosen!.name,
        templateReason: chosen!.reason,
        updated: changes.map((c) => c.file),
        codePath:
          (named ? 'named' : chosen!.followed ? 'dialect' : 'default') +
          (hadRecords ? '+records' : '') +
          (changes.length > 0 ? '+links' : ''),
      };
    });
  } catch (e) {
    if (created) removeEmptyUpTo(settings.dir, created);
    throw e;
  }
}

/**
 * The templates whose records the validator reads back as the dialect they were chosen for, with
 * the same template (test/follow.test.ts writes one of each and reads it cold). For these, the
 * record `new` writes goes into the memo as it is written, so the next `new` reads no record.
 */
export const SELF_DETECTED: ReadonlySet<string> = new Set([
  'bold-fields/bold-fields',
  'frontmatter/madr-frontmatter',
  'madr-full/madr-frontmatter',
  'madr-minimal/madr-frontmatter',
  'madr2/log4brains',
  'madr2/madr2',
  'nygard/nygard',
  'y-statement/madr-frontmatter',
]);

/** Saves the memo: the records read, and the new record itself where its verdict is known. */
function rememberDialect(dir: string, chosen: Chosen, file: string, plain: boolean): void {
  if (!chosen.followed) return;
  const { found, memo, read } = chosen.followed;
  // A record with links written in is not the template's output alone, and TOML front matter
  // carries the record's own number: those are read next time.
  if (plain && found.frontMatter === null && SELF_DETECTED.has(`${found.template}/${found.dialect}`))
    memo.claim(dir, file, found);
  memo.save([file, ...read]);
}

/** Removes the folders this run created, from the deepest up, as long as they are empty. */
function removeEmptyUpTo(dir: string, top: string): void {
  for (let d = dir; d.length >= top.length; d = path.dirname(d)) {
    try {
      rmdirSync(d);
    } catch {
      return; // not empty: another run wrote into it
    }
    if (d === top) return;
  }
}
