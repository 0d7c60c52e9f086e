// Reader: front matter on line 1, YAML between `---` or TOML between `+++`. Gives status,
// date (or `created`), deciders, title, the ADR number (`adr`/`id`/`number`) and supersession
// fields; a block that does not parse becomes `frontMatterError`, with status and date
// salvaged from their own lines so one mistake is one finding.
import { parse as parseToml } from 'smol-toml';
import { isMap, isScalar, LineCounter, parseDocument } from 'yaml';
import { findPlaceholder } from './placeholders.js';
import { FIELD_KEYS, NUMBER_KEYS, SUPERSEDED_BY_KEYS, type FieldKey, type ReaderContext } from './types.js';

function fieldKeyOf(key: string): FieldKey | undefined {
  return FIELD_KEYS.get(key) ?? (key === 'created' ? 'date' : undefined);
}

/** Returns the index of the first node after the front matter. */
export function readFrontMatter(ctx: ReaderContext): number {
  // remark-frontmatter adds `toml` nodes, which mdast's own types do not list.
  const node = ctx.children[0] as { type: string; value?: string; position?: { start: { line: number } } } | undefined;
  if (!node || typeof node.value !== 'string') return 0;
  if (node.type === 'yaml') readYaml(ctx, node.value, node.position?.start.line ?? 1);
  else if (node.type === 'toml') readToml(ctx, node.value, node.position?.start.line ?? 1);
  else return 0;
  return 1;
}

function setTitle(ctx: ReaderContext, value: unknown, line: number, column: number): void {
  if (typeof value === 'string' && value.trim()) ctx.frontMatterTitle = { text: value.trim(), line, column };
}

function readYaml(ctx: ReaderContext, value: string, startLine: number): void {
  const { doc, lines } = ctx;
  const lc = new LineCounter();
  const yamlDoc = parseDocument(value, { lineCounter: lc, uniqueKeys: false });
  const contentStart = lines.starts[startLine] ?? 0;
  const err = yamlDoc.errors[0];
  if (err) {
    const lp = err.linePos?.[0];
    doc.frontMatterError = {
      message: err.message.split('\n')[0]!.replace(/ at line \d+, column \d+:?$/, ''),
      line: startLine + (lp?.line ?? 1),
      column: lp?.col ?? 1,
    };
    salvage(ctx, value, startLine);
    return;
  }
  if (!isMap(yamlDoc.contents)) {
    if (yamlDoc.contents !== null && !(isScalar(yamlDoc.contents) && yamlDoc.contents.value === null))
      doc.frontMatterError = {
        message: 'front matter is not a mapping of keys to values',
        line: startLine + 1,
        column: 1,
      };
    return;
  }
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
      ctx.found[fk].push({
        raw: value.slice(r[0], r[1]),
        source: 'front-matter',
        line: startLine + lp.line,
        column: lp.col,
      });
      continue;
    }
    if (key === 'supersedes' && !isScalar(v)) {
      const list = (doc.frontMatter ?? {})[String((pair.key as { value: unknown }).value)];
      if (Array.isArray(list)) doc.supersedes.push(...list.map(String));
      continue;
    }
    if (!isScalar(v) || !v.range || v.value === null) continue;
    const raw = value.slice(v.range[0], v.range[1]);
    const pos = lc.linePos(v.range[0]);
    const line = startLine + pos.line;
    const fieldKey = fieldKeyOf(key);
    if (fieldKey !== 'status' && fieldKey !== 'date' && typeof v.value === 'string') {
      const ph = findPlaceholder(v.value);
      if (ph) doc.placeholders.push({ text: ph, line, column: pos.col });
    }
    if (fieldKey) {
      const display = typeof v.value === 'string' ? v.value : raw;
      const field = { raw: display, source: 'front-matter' as const, line, column: pos.col } as {
        raw: string;
        source: 'front-matter';
        line: number;
        column: number;
        range?: { start: number; end: number };
      };
      // Edit plain scalars whose text is the value, and the inside of a quoted one.
      const at = contentStart + v.range[0];
      if (raw === display && doc.text.slice(at, contentStart + v.range[1]) === raw) {
        field.range = { start: at, end: at + raw.length };
      } else if (/^(["']).*\1$/s.test(raw) && raw.slice(1, -1) === display) {
        field.range = { start: at + 1, end: at + 1 + display.length };
        field.column = pos.col + 1;
      }
      if (fieldKey !== 'date' || key === 'date' || ctx.found.date.length === 0) ctx.found[fieldKey].push(field);
    } else if (NUMBER_KEYS.has(key) && !doc.frontMatterNumber) {
      doc.frontMatterNumber = { raw, line, column: pos.col };
    } else if (SUPERSEDED_BY_KEYS.has(key)) {
      ctx.supersededByRef = String(v.value);
      ctx.supersededByAt = { line, column: pos.col };
    } else if (key === 'supersedes') {
      doc.supersedes.push(String(v.value));
    } else if (key === 'title') {
      setTitle(ctx, v.value, line, pos.col);
    }
  }
}

/** Top-level `status:` / `date:` lines of a block that does not parse. */
function salvage(ctx: ReaderContext, value: string, startLine: number): void {
  value.split('\n').forEach((l, k) => {
    const m = /^([A-Za-z][\w-]*)[ \t]*[:=][ \t]*(.*?)\r?$/.exec(l);
    const fk = m ? FIELD_KEYS.get(m[1]!.toLowerCase()) : undefined;
    if (fk && m![2] && !/^[[{]/.test(m![2]!))
      ctx.add(
        { key: fk, value: m![2]!.replace(/^(["'])(.*)\1$/, '$2'), line: startLine + 1 + k, column: 1, link: null },
        'front-matter',
      );
  });
}

function readToml(ctx: ReaderContext, value: string, startLine: number): void {
  const { doc } = ctx;
  let data: Record<string, unknown>;
  try {
    data = parseToml(value) as Record<string, unknown>;
  } catch (e) {
    const err = e as Error & { line?: number; column?: number };
    doc.frontMatterError = {
      message: err.message.split('\n')[0]!,
      line: startLine + (err.line ?? 1),
      column: err.column ?? 1,
    };
    salvage(ctx, value, startLine);
    return;
  }
  doc.frontMatter = data;
  // TOML values are located by their key's line: `status = "accepted"`.
  const lineOf = (key: string): number => {
    const k = value.split('\n').findIndex((l) => new RegExp(`^\\s*["']?${key}["']?\\s*=`, 'i').test(l));
    return startLine + 1 + Math.max(0, k);
  };
  for (const [rawKey, v] of Object.entries(data)) {
    const key = rawKey.toLowerCase();
    const fk = fieldKeyOf(key);
    const line = lineOf(rawKey);
    const text =
      v instanceof Date
        ? v.toISOString().slice(0, 10)
        : typeof v === 'string' || typeof v === 'number'
          ? String(v)
          : v && typeof v === 'object' && 'toISOString' in v
            ? String(v).slice(0, 10)
            : null;
    if (fk && text !== null) ctx.add({ key: fk, value: text, line, column: 1, link: null }, 'front-matter');
    else if (NUMBER_KEYS.has(key) && text !== null && !doc.frontMatterNumber)
      doc.frontMatterNumber = { raw: text, line, column: 1 };
    else if (SUPERSEDED_BY_KEYS.has(key) && text) {
      ctx.supersededByRef = text;
      ctx.supersededByAt = { line, column: 1 };
    } else if (key === 'supersedes') doc.supersedes.push(...(Array.isArray(v) ? v.map(String) : [String(v)]));
    else if (key === 'title') setTitle(ctx, v, line, 1);
  }
}
