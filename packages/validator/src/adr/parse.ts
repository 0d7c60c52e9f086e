// Markdown → AdrDocument. Structure comes from the mdast tree; only the text of
// single paragraph lines and table cells is matched against field patterns.
import path from 'node:path';
import type { Heading, List, Nodes, Paragraph, PhrasingContent, Root, RootContent, Table } from 'mdast';
import remarkFrontmatter from 'remark-frontmatter';
import remarkParse from 'remark-parse';
import { unified, type Processor } from 'unified';
import { gfmTable } from 'micromark-extension-gfm-table';
import { gfmTableFromMarkdown } from 'mdast-util-gfm-table';
import { isMap, isScalar, LineCounter, parseDocument } from 'yaml';
import { conceptOf, hasMadrHeadings, isKnownSectionName, normalizeHeading } from './concepts.js';
import { isDateSlug, numberFromFileName, numberFromId, numberFromTitle, numbersIn } from './numbers.js';
import { isPlaceholder, readStatus } from './status.js';
import type { AdrDocument, Dialect, Field, FieldSource, PlainHeading, Placeholder } from './types.js';

// Tables only, not all of GFM: status tables matter, autolinks and footnotes do not.
function remarkTables(this: Processor): void {
  const data = this.data();
  (data.micromarkExtensions ??= []).push(gfmTable());
  (data.fromMarkdownExtensions ??= []).push(gfmTableFromMarkdown());
}

const processor = unified().use(remarkParse).use(remarkFrontmatter, ['yaml']).use(remarkTables);

const FIELD_KEYS = new Map<string, 'status' | 'date' | 'deciders'>([
  ['status', 'status'],
  ['date', 'date'],
  ['deciders', 'deciders'],
  ['decision-makers', 'deciders'],
  ['decision makers', 'deciders'],
]);
const FLAT_KEYS = /\b(status|date|deciders|decision-makers|consulted|informed|adr|id)\s*:/gi;

/** Iterative so that deeply nested input cannot overflow the stack. */
function textOf(node: Nodes): string {
  let out = '';
  const stack: Nodes[] = [node];
  while (stack.length > 0) {
    const n = stack.pop()!;
    if (n.type === 'html' || n.type === 'yaml') continue;
    if ('value' in n && typeof n.value === 'string') out += n.value;
    else if (n.type === 'image') out += n.alt ?? '';
    if ('children' in n) for (let i = n.children.length - 1; i >= 0; i--) stack.push(n.children[i] as Nodes);
  }
  return out;
}

function* walk(root: Root): Generator<Nodes> {
  const stack: Nodes[] = [root];
  while (stack.length > 0) {
    const n = stack.pop()!;
    yield n;
    if ('children' in n) for (let i = n.children.length - 1; i >= 0; i--) stack.push(n.children[i] as Nodes);
  }
}

class Lines {
  readonly starts: number[] = [0];
  constructor(readonly text: string) {
    for (let i = text.indexOf('\n'); i !== -1; i = text.indexOf('\n', i + 1)) this.starts.push(i + 1);
  }
  /** 1-based line → [start, end) offsets without the line ending. */
  range(line: number): { start: number; end: number } {
    const start = this.starts[line - 1] ?? this.text.length;
    let end = this.starts[line] !== undefined ? this.starts[line]! - 1 : this.text.length;
    if (end > start && this.text[end - 1] === '\r') end--;
    return { start, end };
  }
  get(line: number): string {
    const r = this.range(line);
    return this.text.slice(r.start, r.end);
  }
}

interface RawField {
  key: 'status' | 'date' | 'deciders';
  value: string;
  line: number;
  column: number;
  link: string | null;
}

/**
 * Splits a paragraph into its source lines and reads `Key: value` or
 * `**Key:** value` / `**Key**: value` fields from the start of each line.
 */
function paragraphFields(p: Paragraph): { fields: RawField[]; bold: boolean } {
  const fields: RawField[] = [];
  let bold = false;
  type Seg = { node: PhrasingContent; text: string };
  const lines: Array<{ line: number; segs: Seg[] }> = [];
  let cur: { line: number; segs: Seg[] } = { line: p.position?.start.line ?? 1, segs: [] };
  lines.push(cur);
  for (const child of p.children) {
    if (child.type === 'text' || child.type === 'break') {
      const parts = child.type === 'text' ? child.value.split('\n') : ['', ''];
      parts.forEach((part, i) => {
        if (i > 0) {
          cur = { line: cur.line + 1, segs: [] };
          lines.push(cur);
        }
        if (part) cur.segs.push({ node: child, text: part });
      });
    } else {
      cur.segs.push({ node: child, text: textOf(child) });
    }
  }
  for (const { line, segs } of lines) {
    const first = segs[0];
    if (!first) continue;
    let key: string | null = null;
    let rest: Seg[] = [];
    let restText = '';
    if (first.node.type === 'strong') {
      const m = /^\s*([A-Za-z][A-Za-z -]*?)\s*(:?)\s*$/.exec(first.text);
      if (m) {
        rest = segs.slice(1);
        restText = rest.map((s) => s.text).join('');
        if (m[2] === ':') key = m[1]!;
        else if (/^\s*:/.test(restText)) {
          key = m[1]!;
          restText = restText.replace(/^\s*:/, '');
        }
        if (key) bold = FIELD_KEYS.has(key.toLowerCase()) || bold;
      }
    } else if (first.node.type === 'text') {
      const m = /^\s*([A-Za-z][A-Za-z -]*?)\s*:\s*(.*)$/.exec(first.text);
      if (m) {
        key = m[1]!;
        rest = segs.slice(1);
        restText = m[2]! + rest.map((s) => s.text).join('');
      }
    }
    const k = key ? FIELD_KEYS.get(key.toLowerCase()) : undefined;
    if (!k) continue;
    const value = restText.trim();
    if (!value) continue;
    const link = rest.find((s) => s.node.type === 'link');
    fields.push({
      key: k,
      value,
      line,
      column: 1,
      link: link && link.node.type === 'link' ? link.node.url : null,
    });
  }
  return { fields, bold };
}

function firstLinkUrl(node: Nodes): string | null {
  for (const n of walk({ type: 'root', children: [node as RootContent] })) if (n.type === 'link') return n.url;
  return null;
}

function tableFields(t: Table): RawField[] {
  const out: RawField[] = [];
  const rows = t.children.map((r) =>
    r.children.map((c) => ({
      text: textOf(c).trim(),
      line: c.position?.start.line ?? 1,
      col: c.position?.start.column ?? 1,
      link: firstLinkUrl(c),
    })),
  );
  const header = rows[0] ?? [];
  const keyed = header.map((c) => FIELD_KEYS.get(c.text.replace(/[*:]/g, '').trim().toLowerCase()));
  if (keyed.some(Boolean) && rows[1]) {
    // Header table: `| Status | Date | Author |` over one row of values.
    keyed.forEach((k, i) => {
      const cell = rows[1]![i];
      if (k && cell?.text) out.push({ key: k, value: cell.text, line: cell.line, column: cell.col, link: cell.link });
    });
    return out;
  }
  for (const row of rows) {
    const k = FIELD_KEYS.get((row[0]?.text ?? '').replace(/[*:]/g, '').trim().toLowerCase());
    const cell = row[1];
    if (k && cell?.text) out.push({ key: k, value: cell.text, line: cell.line, column: cell.col, link: cell.link });
  }
  return out;
}

const PLACEHOLDER_PATTERNS = [
  // MADR 3/4 prompts are prose in braces; code-like braces (`{a: b}`, `{x, y}`) are not.
  /\{[A-Za-z][^{}\n:;=<>_]*\s[^{}\n:;=<>_]*\s[^{}\n:;=<>_]*\}/,
  /\[\s*[A-Za-z]+\s*\|[^\]\n]*\]?/,
  /\[(?:short title|describe|option \d|title of|list |e\.g\.|YYYY-MM-DD|\.\.\.)[^\]\n]*\]/i,
];

function findPlaceholder(text: string): string | null {
  for (const re of PLACEHOLDER_PATTERNS) {
    const m = re.exec(text);
    if (m) return m[0].length > 60 ? `${m[0].slice(0, 57)}...` : m[0];
  }
  return null;
}

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
    readProblems: [],
    tree: null,
  };
}

function baseNameOf(file: string): string {
  return path.basename(file).replace(/\.(md|markdown|mdx|txt)$/i, '');
}

/**
 * Parses one ADR. Never throws: problems become fields of the document
 * (frontMatterError, readProblems) that rules turn into findings.
 */
export function parseAdr(text: string, file: string, absPath = file): AdrDocument {
  const doc = emptyDoc(file, absPath, text);
  const base = baseNameOf(file);
  doc.fileNumber = numberFromFileName(base);
  let tree: Root;
  try {
    tree = processor.parse(text);
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
    extract(doc, tree, base);
  } catch (err) {
    // Deeply nested or pathological input: keep what was read, report the rest.
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

function extract(doc: AdrDocument, tree: Root, base: string): void {
  const lines = new Lines(doc.text);
  const found: Record<'status' | 'date' | 'deciders', Field[]> = { status: [], date: [], deciders: [] };
  const links: Map<Field, string | null> = new Map();
  const add = (f: RawField, source: FieldSource): void => {
    const field: Field = { raw: f.value, source, line: f.line, column: f.column };
    const lr = lines.range(f.line);
    const idx = doc.text.slice(lr.start, lr.end).indexOf(f.value);
    if (idx >= 0) {
      field.range = { start: lr.start + idx, end: lr.start + idx + f.value.length };
      field.column = idx + 1;
    }
    found[f.key].push(field);
    links.set(field, f.link);
  };
  const children = tree.children;
  let i = 0;

  // YAML front matter.
  let fmStatusRef: string | null = null;
  if (children[0]?.type === 'yaml') {
    const node = children[0];
    const startLine = node.position?.start.line ?? 1;
    const lc = new LineCounter();
    const yamlDoc = parseDocument(node.value, { lineCounter: lc, uniqueKeys: false });
    const contentStart = lines.starts[startLine] ?? 0;
    const err = yamlDoc.errors[0];
    if (err) {
      const lp = err.linePos?.[0];
      doc.frontMatterError = {
        message: err.message.split('\n')[0]!.replace(/ at line \d+, column \d+:?$/, ''),
        line: startLine + (lp?.line ?? 1),
        column: lp?.col ?? 1,
      };
      // Salvage top-level `status:` / `date:` lines so one YAML mistake is one finding, not three.
      node.value.split('\n').forEach((l, k) => {
        const m = /^([A-Za-z][\w-]*)[ \t]*:[ \t]*(.*?)\r?$/.exec(l);
        const fk = m ? FIELD_KEYS.get(m[1]!.toLowerCase()) : undefined;
        if (fk && m![2] && !/^[[{]/.test(m![2]!))
          add(
            { key: fk, value: m![2]!.replace(/^(["'])(.*)\1$/, '$2'), line: startLine + 1 + k, column: 1, link: null },
            'front-matter',
          );
      });
    } else if (isMap(yamlDoc.contents)) {
      let data: unknown;
      try {
        data = yamlDoc.toJS({ maxAliasCount: 100 });
      } catch (e) {
        doc.frontMatterError = { message: (e as Error).message, line: startLine + 1, column: 1 };
      }
      if (data && typeof data === 'object') doc.frontMatter = data as Record<string, unknown>;
      for (const pair of yamlDoc.contents.items) {
        const key = isScalar(pair.key) ? String(pair.key.value).toLowerCase() : '';
        const v = pair.value;
        const fk = FIELD_KEYS.get(key);
        if (fk && v && !isScalar(v) && 'range' in v && v.range) {
          // `status: {proposed | accepted}` parses as a flow map: keep its text, it is a template prompt.
          const r = v.range as [number, number, number];
          const lp = lc.linePos(r[0]);
          found[fk].push({
            raw: node.value.slice(r[0], r[1]),
            source: 'front-matter',
            line: startLine + lp.line,
            column: lp.col,
          });
          continue;
        }
        if (!isScalar(v) || !v.range || v.value === null) continue;
        const raw = node.value.slice(v.range[0], v.range[1]);
        const pos = lc.linePos(v.range[0]);
        const line = startLine + pos.line;
        const fieldKey = FIELD_KEYS.get(key) ?? (key === 'created' ? 'date' : undefined);
        if (fieldKey !== 'status' && fieldKey !== 'date' && typeof v.value === 'string') {
          const ph = findPlaceholder(v.value);
          if (ph) doc.placeholders.push({ text: ph, line, column: pos.col });
        }
        if (fieldKey) {
          const display = typeof v.value === 'string' ? v.value : raw;
          const field: Field = { raw: display, source: 'front-matter', line, column: pos.col };
          // Edit only plain scalars whose text is exactly the value.
          if (raw === display && doc.text.slice(contentStart + v.range[0], contentStart + v.range[1]) === raw) {
            field.range = { start: contentStart + v.range[0], end: contentStart + v.range[1] };
          }
          if (fieldKey !== 'date' || key === 'date' || found.date.length === 0) found[fieldKey].push(field);
        } else if ((key === 'adr' || key === 'id' || key === 'number') && !doc.frontMatterNumber) {
          doc.frontMatterNumber = { raw, line, column: pos.col };
        } else if (key === 'superseded-by' || key === 'superseded_by' || key === 'supersededby') {
          fmStatusRef = String(v.value);
        } else if (key === 'supersedes') {
          doc.supersedes.push(String(v.value));
        }
      }
      for (const pair of yamlDoc.contents.items) {
        if (isScalar(pair.key) && String(pair.key.value).toLowerCase() === 'supersedes' && !isScalar(pair.value)) {
          const val = (doc.frontMatter as Record<string, unknown> | null)?.[String(pair.key.value)];
          if (Array.isArray(val)) doc.supersedes.push(...val.map(String));
        }
      }
    } else if (yamlDoc.contents !== null && !isScalar(yamlDoc.contents)) {
      doc.frontMatterError = {
        message: 'front matter is not a mapping of keys to values',
        line: startLine + 1,
        column: 1,
      };
    } else if (isScalar(yamlDoc.contents) && yamlDoc.contents.value !== null) {
      doc.frontMatterError = {
        message: 'front matter is not a mapping of keys to values',
        line: startLine + 1,
        column: 1,
      };
    }
    i = 1;
  }

  // Front matter pasted without fences: `status: accepted date: 2026-03-12` as a paragraph,
  // or `---` + setext heading when the block does not start on line 1.
  const first = children[i];
  if (first?.type === 'paragraph' && first.children[0]?.type === 'text') {
    const firstLine = first.position?.start.line ?? 1;
    const pLines = first.children[0].value.split('\n');
    let n = 0;
    const pairs: Array<[string, string]> = [];
    while (n < pLines.length) {
      const l = pLines[n]!;
      const keys = [...l.matchAll(FLAT_KEYS)];
      if (keys.length === 0 || (keys[0]!.index! > 0 && l.slice(0, keys[0]!.index).trim() !== '')) break;
      keys.forEach((m, j) => {
        const end = j + 1 < keys.length ? keys[j + 1]!.index! : l.length;
        pairs.push([m[1]!.toLowerCase(), l.slice(m.index! + m[0].length, end).trim()]);
      });
      n++;
    }
    if (pairs.length > 0 && pairs.some(([k]) => k === 'status' || k === 'date')) {
      const lastLine = firstLine + n - 1;
      const start = lines.range(firstLine).start;
      const end = lines.range(lastLine).end;
      const eol = doc.eol;
      const yamlText = pairs.map(([k, v]) => `${k}: ${v}`).join(eol);
      doc.flattenedFrontMatter = {
        line: firstLine,
        column: 1,
        edit: { start, end, text: `---${eol}${yamlText}${eol}---${eol}` },
      };
      for (const [k, v] of pairs) {
        const fk = FIELD_KEYS.get(k);
        const ln =
          firstLine +
          Math.max(
            0,
            pLines.findIndex((l) => l.toLowerCase().includes(`${k}:`)),
          );
        if (fk && v) add({ key: fk, value: v, line: ln, column: 1, link: null }, 'flattened');
        if ((k === 'adr' || k === 'id') && v) doc.frontMatterNumber = { raw: v, line: ln, column: 1 };
      }
      // With no H1, the next line is the title written as plain text.
      const hasH1 = children.some((c) => c.type === 'heading' && c.depth === 1);
      const tLine = firstLine + n;
      const tText = pLines[n]?.trim();
      if (!hasH1 && tText && !isKnownSectionName(tText)) {
        const r = lines.range(tLine);
        doc.plainHeadings.push({
          text: tText,
          kind: 'title',
          line: tLine,
          column: 1,
          edit: { start: r.start, end: r.end, text: `# ${tText}` },
        });
        doc.title = { text: tText, line: tLine, column: 1, fromFileName: false };
        doc.titleNumber = numberFromTitle(tText);
      }
    }
  } else if (first?.type === 'thematicBreak' && children[i + 1]?.type === 'heading') {
    const h = children[i + 1] as Heading;
    const hl = textOf(h).split('\n');
    if (
      h.depth === 2 &&
      hl.every((l) => /^\s*[A-Za-z][\w-]*\s*:/.test(l)) &&
      hl.some((l) => /^\s*(status|date)\s*:/i.test(l))
    ) {
      const start = first.position?.start.offset ?? 0;
      doc.flattenedFrontMatter = {
        line: first.position?.start.line ?? 1,
        column: 1,
        edit: { start: 0, end: start, text: '' },
      };
      hl.forEach((l, j) => {
        const m = /^\s*([A-Za-z][\w-]*)\s*:\s*(.*)$/.exec(l);
        const fk = m ? FIELD_KEYS.get(m[1]!.toLowerCase()) : undefined;
        if (fk && m![2])
          add(
            { key: fk, value: m![2]!.trim(), line: (h.position?.start.line ?? 1) + j, column: 1, link: null },
            'flattened',
          );
      });
    }
  }

  // Headings → sections; title; the header zone before the first H2.
  const headingIdx: number[] = [];
  children.forEach((c, j) => {
    if (c.type === 'heading') headingIdx.push(j);
  });
  const lastLine = lines.starts.length;
  for (let h = 0; h < headingIdx.length; h++) {
    const j = headingIdx[h]!;
    const node = children[j] as Heading;
    const text = textOf(node).trim();
    if (node.depth === 1 && !doc.title) {
      doc.title = {
        text,
        line: node.position?.start.line ?? 1,
        column: node.position?.start.column ?? 1,
        fromFileName: false,
      };
      doc.titleNumber = numberFromTitle(text);
      continue;
    }
    if (node.depth === 1) continue;
    let endLine = lastLine;
    for (let k = h + 1; k < headingIdx.length; k++) {
      const other = children[headingIdx[k]!] as Heading;
      if (other.depth <= node.depth) {
        endLine = (other.position?.start.line ?? lastLine) - 1;
        break;
      }
    }
    const nextIdx = headingIdx[h + 1] ?? children.length;
    const between = children.slice(j + 1, nextIdx);
    const nextHeading = children[nextIdx] as Heading | undefined;
    const hasSub = nextHeading !== undefined && nextHeading.depth > node.depth;
    const empty =
      !hasSub && between.every((c) => c.type === 'html' || (c.type === 'paragraph' && textOf(c).trim() === ''));
    doc.sections.push({
      depth: node.depth,
      text,
      concept: conceptOf(text),
      line: node.position?.start.line ?? 1,
      column: node.position?.start.column ?? 1,
      endLine,
      empty,
    });
  }

  const firstH2 = children.findIndex((c) => c.type === 'heading' && c.depth >= 2);
  const header = children.slice(i, firstH2 < 0 ? children.length : firstH2);
  const listFields: RawField[] = [];
  const boldFields: RawField[] = [];
  const plainFields: RawField[] = [];
  const tableFieldsFound: RawField[] = [];
  for (const node of header) {
    if (node.type === 'list') {
      for (const item of (node as List).children) {
        const p = item.children[0];
        if (p?.type !== 'paragraph') continue;
        const r = paragraphFields(p);
        (r.bold ? boldFields : listFields).push(...r.fields);
      }
    } else if (node.type === 'paragraph' && !(node === first && doc.flattenedFrontMatter)) {
      const r = paragraphFields(node);
      (r.bold ? boldFields : plainFields).push(...r.fields);
    } else if (node.type === 'table') {
      tableFieldsFound.push(...tableFields(node));
    }
  }
  for (const f of listFields) add(f, 'list');
  for (const f of boldFields) add(f, 'bold');
  for (const f of tableFieldsFound) add(f, 'table');

  // `## Status` (or `## Date`) sections: the first line of their first block.
  const statusHeadingIdx = (() => {
    const firstContext = headingIdx.find((j) => conceptOf(textOf(children[j]!)) === 'context') ?? Infinity;
    const top = headingIdx.find(
      (j) => (children[j] as Heading).depth === 2 && conceptOf(textOf(children[j]!)) === 'status',
    );
    if (top !== undefined) return top;
    return headingIdx.find(
      (j) => j < firstContext && (children[j] as Heading).depth >= 2 && conceptOf(textOf(children[j]!)) === 'status',
    );
  })();
  const sectionValue = (j: number, key: 'status' | 'date'): void => {
    const end = headingIdx.find((k) => k > j) ?? children.length;
    for (let k = j + 1; k < end; k++) {
      const c = children[k]!;
      if (c.type === 'html') continue;
      const block = c.type === 'list' ? c.children[0]?.children[0] : c;
      if (!block || (block.type !== 'paragraph' && block.type !== 'table')) break;
      const firstLineText = textOf(block).split('\n')[0]!.trim();
      if (!firstLineText) continue;
      add(
        { key, value: firstLineText, line: block.position?.start.line ?? 1, column: 1, link: firstLinkUrl(block) },
        'section',
      );
      if (key === 'status') {
        // adr-tools writes `Supercedes [1. Title](0001-title.md)` lines into this section.
        for (let m = k; m < end; m++) collectSupersedes(children[m]!, doc);
      }
      return;
    }
  };
  if (statusHeadingIdx !== undefined) sectionValue(statusHeadingIdx, 'status');
  const dateHeading = headingIdx.find(
    (j) => (children[j] as Heading).depth === 2 && normalizeHeading(textOf(children[j]!)) === 'date',
  );
  if (dateHeading !== undefined) sectionValue(dateHeading, 'date');

  // EdgeX: `## Change Log` with `- [approved](PR) (2022-07-12)`; the last entry is the state.
  const changelog = headingIdx.find((j) => /^change ?log$/.test(normalizeHeading(textOf(children[j]!))));
  if (changelog !== undefined) {
    const list = children.slice(changelog + 1).find((c) => c.type === 'list' || c.type === 'heading');
    if (list?.type === 'list') {
      const last = list.children[list.children.length - 1]?.children[0];
      const link = last?.type === 'paragraph' ? last.children.find((c) => c.type === 'link') : undefined;
      if (link && last?.type === 'paragraph' && last.children[0] === link) {
        add(
          { key: 'status', value: textOf(link), line: link.position?.start.line ?? 1, column: 1, link: null },
          'changelog',
        );
      }
    }
  }
  for (const f of plainFields) add(f, 'plain');

  const order: FieldSource[] = ['front-matter', 'flattened', 'list', 'bold', 'table', 'section', 'changelog', 'plain'];
  const byOrder = (a: Field, b: Field): number => order.indexOf(a.source) - order.indexOf(b.source);
  // Whole-value prompts (`[Insert Date]`, `{proposed | accepted}`) are placeholders, not values.
  for (const f of [...found.status, ...found.date]) {
    if (isPlaceholder(f.raw))
      doc.placeholders.push({ text: f.raw.trim().slice(0, 60), line: f.line, column: f.column });
  }
  doc.statuses = found.status.sort(byOrder);
  doc.status = doc.statuses[0] ?? null;
  doc.date = found.date.sort(byOrder)[0] ?? null;
  doc.deciders = found.deciders.sort(byOrder)[0]?.raw ?? null;

  // Supersession, both directions.
  if (doc.status) {
    const rs = readStatus(doc.status.raw, ['superseded']);
    if (rs.normalized === 'superseded') {
      const ref = links.get(doc.status) ?? rs.supersededBy ?? fmStatusRef;
      if (ref) doc.supersededBy = { ref, line: doc.status.line, column: doc.status.column };
    }
  }
  if (!doc.supersededBy && fmStatusRef && fmStatusRef.trim() && !/^(null|none|~)$/i.test(fmStatusRef.trim())) {
    doc.supersededBy = { ref: fmStatusRef, line: doc.status?.line ?? 1, column: 1 };
  }
  for (const c of children) if (c.type === 'paragraph' || c.type === 'list') collectSupersedes(c, doc);

  // Plain lines that are section names, and template placeholders.
  const plain: PlainHeading[] = [];
  const placeholders: Placeholder[] = [];
  const seenPlaceholderLines = new Set<number>();
  for (const n of walk(tree)) {
    if (n.type === 'paragraph' || n.type === 'heading' || n.type === 'tableCell') {
      const text = textOf(n);
      const startLine = n.position?.start.line ?? 1;
      text.split('\n').forEach((l, k) => {
        const ph = findPlaceholder(l);
        if (ph && !seenPlaceholderLines.has(startLine + k) && !doc.placeholders.some((p) => p.line === startLine + k)) {
          seenPlaceholderLines.add(startLine + k);
          placeholders.push({ text: ph, line: startLine + k, column: 1 });
        }
      });
    }
    if (
      n.type === 'paragraph' &&
      n.children.length > 0 &&
      n.children.every((c) => c.type === 'text' || c.type === 'break')
    ) {
      const startLine = n.position?.start.line ?? 1;
      const pl = textOf(n).split('\n');
      pl.forEach((l, k) => {
        const ln = startLine + k;
        const src = lines.get(ln);
        // Only a line that is the whole source line; `- Decision` list items are content.
        if (!isKnownSectionName(l) || src.trim() !== l.trim()) return;
        if (doc.flattenedFrontMatter && ln === doc.flattenedFrontMatter.line) return;
        const r = lines.range(ln);
        const name = l.trim().replace(/[\s:]+$/, '');
        const eol = doc.eol;
        plain.push({
          text: name,
          kind: 'section',
          line: ln,
          column: 1,
          edit: { start: r.start, end: r.end, text: `${ln > 1 ? eol : ''}## ${name}${eol}` },
        });
      });
    }
  }
  doc.plainHeadings.push(...plain);
  doc.placeholders.push(...placeholders);
  doc.placeholders.sort((a, b) => a.line - b.line);
  doc.dialect = detectDialect(doc, base);
  doc.tree = tree;
}

function collectSupersedes(node: RootContent, doc: AdrDocument): void {
  const items = node.type === 'list' ? node.children.map((li) => li.children[0]).filter(Boolean) : [node];
  for (const it of items) {
    if (!it || it.type !== 'paragraph') continue;
    const text = textOf(it).trim();
    if (!/^(supersedes|supercedes)\b/i.test(text)) continue;
    for (const n of walk({ type: 'root', children: [it] })) if (n.type === 'link') doc.supersedes.push(n.url);
    doc.supersedes.push(...numbersIn(text.replace(/^\S+/, '')).map((x) => `ADR-${x}`));
  }
}

function detectDialect(doc: AdrDocument, base: string): Dialect {
  if (doc.flattenedFrontMatter) return 'flattened';
  const src = doc.status?.source;
  const hasStatusSection = doc.statuses.some((s) => s.source === 'section');
  switch (src) {
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
