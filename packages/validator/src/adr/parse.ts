// Markdown → AdrDocument. The tree comes from remark; each place metadata can be written has a
// reader of its own (readers/), run in order here. Which field wins is decided once, below, and
// the status is interpreted once and stored on the field, so rules never re-read raw text.
import type { Root } from 'mdast';
import remarkFrontmatter from 'remark-frontmatter';
import remarkParse from 'remark-parse';
import { unified, type Processor } from 'unified';
import { gfmTable } from 'micromark-extension-gfm-table';
import { gfmTableFromMarkdown } from 'mdast-util-gfm-table';
import { hasMadrHeadings } from './concepts.js';
import { isDateSlug, numberFromFileName, numberFromId, numberFromTitle, numbersIn } from './numbers.js';
import { readChangeLog } from './readers/changelog.js';
import { readFlattened } from './readers/flattened.js';
import { readFrontMatter } from './readers/front-matter.js';
import { readHeaderFields } from './readers/header-fields.js';
import { readHeadings } from './readers/headings.js';
import { Lines, resolveLinkReferences } from './readers/mdast.js';
import { readPlaceholders, readPlainSections } from './readers/placeholders.js';
import { collectSupersedes, readSections } from './readers/sections.js';
import type { FieldKey, RawField, ReaderContext } from './readers/types.js';
import { recordBaseName } from './record-page.js';
import { hostileShape } from './shape.js';
import { mayHoldTable } from './tables.js';
import { DEFAULT_STATUSES, isPlaceholder, readStatus } from './status.js';
import type { AdrDocument, Dialect, Field, FieldSource } from './types.js';

// Tables only, not all of GFM: status tables matter, autolinks and footnotes do not.
function remarkTables(this: Processor): void {
  const data = this.data();
  (data.micromarkExtensions ??= []).push(gfmTable());
  (data.fromMarkdownExtensions ??= []).push(gfmTableFromMarkdown());
}

const processor = unified().use(remarkParse).use(remarkFrontmatter, ['yaml', 'toml']).use(remarkTables);
// The same tree for a text with no delimiter row, without trying the table construct on each line.
const tableFree = unified().use(remarkParse).use(remarkFrontmatter, ['yaml', 'toml']);

/** Precedence of the places a field can be written: the first one found wins. */
const ORDER: FieldSource[] = ['front-matter', 'flattened', 'list', 'bold', 'table', 'section', 'changelog', 'plain'];

function emptyDoc(file: string, absPath: string, text: string): AdrDocument {
  return {
    file,
    absPath,
    text,
    eol: text.includes('\r\n') ? '\r\n' : '\n',
    title: null,
    titleNumber: null,
    fileNumber: null,
    frontMatterNumber: null,
    number: null,
    status: null,
    statuses: [],
    date: null,
    deciders: null,
    dialect: 'unknown',
    frontMatter: null,
    frontMatterError: null,
    flattenedFrontMatter: null,
    plainHeadings: [],
    sections: [],
    placeholders: [],
    supersededBy: null,
    supersedes: [],
    comments: [],
    readProblems: [],
    tree: null,
  };
}

export interface ParseOptions {
  /** The statuses the run accepts: the status is interpreted against them once, here. */
  statuses?: readonly string[];
}

/**
 * Parses one ADR. Never throws: problems become fields of the document
 * (frontMatterError, readProblems) that rules turn into findings.
 */
export function parseAdr(text: string, file: string, absPath = file, options: ParseOptions = {}): AdrDocument {
  const doc = emptyDoc(file, absPath, text);
  // The record's name: its file's, or a record page's folder's (`0001-x/index.md` → `0001-x`).
  const base = recordBaseName(absPath);
  doc.fileNumber = numberFromFileName(base);
  // Shapes whose parse time grows with the square of their size are reported, not parsed.
  const hostile = hostileShape(text);
  if (hostile) {
    doc.readProblems.push({
      ruleId: 'file-readable',
      message: `not parsed: ${hostile.message}; Markdown parsers take time that grows with the square of such input`,
      fatal: true,
    });
    doc.dialect = 'unreadable';
    return doc;
  }
  let tree: Root;
  try {
    tree = (mayHoldTable(text) ? processor : tableFree).parse(text);
  } catch (err) {
    doc.readProblems.push({
      ruleId: 'file-readable',
      message: `cannot parse Markdown: ${(err as Error).message}`,
      fatal: true,
    });
    doc.dialect = 'unreadable';
    return doc;
  }
  try {
    resolveLinkReferences(tree);
    extract(doc, tree, base, options.statuses ?? DEFAULT_STATUSES);
  } catch (err) {
    // Keep what was read, report the rest.
    doc.readProblems.push({
      ruleId: 'file-readable',
      message: `cannot analyse Markdown: ${(err as Error).message}`,
      fatal: false,
    });
  }
  if (!doc.title) doc.title = { text: base, line: 1, column: 1, fromFileName: true };
  // The file name's padding (`0003`) is the canonical spelling when there is no id.
  doc.number = doc.frontMatterNumber ? numberFromId(doc.frontMatterNumber.raw) : null;
  doc.number ??= doc.fileNumber ?? doc.titleNumber;
  return doc;
}

function context(doc: AdrDocument, tree: Root, statuses: readonly string[]): ReaderContext {
  const lines = new Lines(doc.text);
  const headings: number[] = [];
  tree.children.forEach((c, j) => {
    if (c.type === 'heading') headings.push(j);
  });
  const ctx: ReaderContext = {
    doc,
    tree,
    children: tree.children,
    lines,
    statuses,
    bodyStart: 0,
    headings,
    found: { status: [], date: [], deciders: [] },
    links: new Map(),
    supersededByRef: null,
    supersededByAt: null,
    frontMatterTitle: null,
    add(f: RawField, source: FieldSource): Field {
      const field: Field = { raw: f.value, source, line: f.line, column: f.column };
      const lr = lines.range(f.line);
      const idx = doc.text.slice(lr.start, lr.end).indexOf(f.value);
      if (idx >= 0) {
        field.range = { start: lr.start + idx, end: lr.start + idx + f.value.length };
        field.column = idx + 1;
      }
      ctx.found[f.key].push(field);
      ctx.links.set(field, f.link);
      return field;
    },
  };
  return ctx;
}

function extract(doc: AdrDocument, tree: Root, base: string, statuses: readonly string[]): void {
  const ctx = context(doc, tree, statuses);
  ctx.bodyStart = readFrontMatter(ctx);
  readFlattened(ctx);
  readHeadings(ctx);
  const plainFields = readHeaderFields(ctx);
  readSections(ctx);
  readChangeLog(ctx);
  for (const f of plainFields) ctx.add(f, 'plain');
  readPlaceholders(ctx);
  readPlainSections(ctx);
  for (const n of tree.children)
    if (n.type === 'html') doc.comments.push({ value: n.value, line: n.position?.start.line ?? 1 });

  // A title given only in front matter is the title.
  if (!doc.title && ctx.frontMatterTitle) {
    doc.title = { ...ctx.frontMatterTitle, fromFileName: false };
    doc.titleNumber = numberFromTitle(ctx.frontMatterTitle.text);
  }

  const byOrder = (a: Field, b: Field): number => ORDER.indexOf(a.source) - ORDER.indexOf(b.source);
  // Whole-value prompts (`[YYYY-MM-DD]`, `{proposed | accepted}`) are placeholders, not values.
  const take = (key: FieldKey): Field[] => {
    const real: Field[] = [];
    for (const f of ctx.found[key].sort(byOrder)) {
      if (key !== 'deciders' && isPlaceholder(f.raw)) {
        if (!doc.placeholders.some((p) => p.line === f.line))
          doc.placeholders.push({ text: f.raw.trim().slice(0, 60), line: f.line, column: f.column });
        if (key === 'status') doc.statusPlaceholder ??= { line: f.line, column: f.column, source: f.source };
        continue;
      }
      real.push(f);
    }
    return real;
  };
  doc.statuses = take('status');
  for (const f of doc.statuses) f.read = readStatus(f.raw, statuses);
  doc.status = doc.statuses[0] ?? null;
  const dates = take('date');
  doc.date = dates[0] ?? null;
  doc.datePlaceholder = ctx.found.date.some((f) => isPlaceholder(f.raw)) && !doc.date;
  doc.deciders = take('deciders')[0]?.raw ?? null;
  doc.placeholders.sort((a, b) => a.line - b.line || a.column - b.column);

  // Supersession, both directions.
  const ref = ctx.supersededByRef;
  // Findings about a target named only by a `superseded-by:` key point at that key.
  const keyAt = ctx.supersededByAt ?? { line: doc.status?.line ?? 1, column: 1 };
  if (doc.status?.read?.normalized === 'superseded') {
    const named = ctx.links.get(doc.status) ?? doc.status.read.supersededBy;
    if (named) doc.supersededBy = { ref: named, line: doc.status.line, column: doc.status.column };
    else if (ref) doc.supersededBy = { ref, ...keyAt };
  }
  if (!doc.supersededBy && ref && ref.trim() && !/^(null|none|~)$/i.test(ref.trim()))
    doc.supersededBy = { ref, ...keyAt };
  for (const c of tree.children) if (c.type === 'paragraph' || c.type === 'list') collectSupersedes(c, ctx);
  // `status: "accepted; supersedes ADR-0045"`: the status's later clause links the record it replaces.
  for (const f of doc.statuses) {
    const clause = /[;,.]\s*(?:supersedes|supercedes)\b:?\s*([^;.]*)/i.exec(f.raw)?.[1];
    if (clause) doc.supersedes.push(...numbersIn(clause.trim()).map((n) => `ADR-${n}`));
  }

  doc.dialect = detectDialect(doc, base);
  doc.tree = tree;
}

function detectDialect(doc: AdrDocument, base: string): Dialect {
  if (doc.flattenedFrontMatter) return 'flattened';
  const hasStatusSection = doc.statuses.some((s) => s.source === 'section');
  // A status left as the template's prompt still says where the dialect writes its status.
  switch (doc.status?.source ?? doc.statusPlaceholder?.source) {
    case 'front-matter':
      return hasStatusSection ? 'frontmatter-nygard' : 'madr-frontmatter';
    case 'list':
      return isDateSlug(base) ? 'log4brains' : 'madr2';
    case 'bold':
      return 'bold-fields';
    case 'table':
      return 'table';
    case 'section':
      return 'nygard';
    case 'changelog':
      return 'changelog';
    case 'plain':
      return 'plain-status';
    default:
      break;
  }
  return hasMadrHeadings(doc.sections) ? 'madr-headings' : 'unknown';
}
