// Reader: text a template left behind (`{short title ...}`, `[accepted | deprecated | ...]`,
// `[YYYY-MM-DD]`), and section names written as plain lines (a pasted MADR that lost its `##`).
// Both read the source lines, so escaped braces (`\{name\}`) stay text.
import { conceptOf, isKnownSectionName, normalizeHeading } from '../concepts.js';
import type { PlainHeading } from '../types.js';
import { walk } from './mdast.js';
import type { ReaderContext } from './types.js';

const PLACEHOLDER_PATTERNS = [
  // Template-engine variables (`{{title}}`) left in by copying a template instead of rendering it.
  /\{\{[^{}\n]+\}\}/g,
  // MADR 3/4 prompts are prose in braces; code-like braces (`{a: b}`, `{x, y}`) are not.
  /\{[A-Za-z][^{}\n:;=<>_\\]*\s[^{}\n:;=<>_\\]*\s[^{}\n:;=<>_\\]*\}/g,
  /\[\s*[A-Za-z]+\s*\|[^\]\n]*\]?/g,
  /\[(?:short title|describe|option \d|title of|list |e\.g\.|YYYY-MM-DD|\.\.\.)[^\]\n]*\]/gi,
];

/** The first template prompt on a line of source, or null. */
export function findPlaceholder(line: string): string | null {
  if (!line.includes('{') && !line.includes('[')) return null;
  for (const re of PLACEHOLDER_PATTERNS) {
    re.lastIndex = 0;
    for (let m = re.exec(line); m; m = re.exec(line)) {
      const before = line[m.index - 1];
      const after = line.slice(m.index + m[0].length);
      // `\{...\}` is escaped text; `[option 1](url)` a link; `[option 1] - Handlebars` a filled-in label.
      if (before === '\\' || /^\(/.test(after) || /^\s*[-\u2013\u2014:]\s*\S/.test(after)) continue;
      return m[0].length > 60 ? `${m[0].slice(0, 57)}...` : m[0];
    }
  }
  return null;
}

const SKIP_NODES = new Set(['code', 'html', 'yaml', 'toml', 'inlineCode']);

export function readPlaceholders(ctx: ReaderContext): void {
  const { doc, lines, tree } = ctx;
  // Lines inside code blocks, HTML and front matter are not prose.
  const skip = new Set<number>();
  for (const n of tree.children) {
    if (SKIP_NODES.has(n.type) && n.position)
      for (let l = n.position.start.line; l <= n.position.end.line; l++) skip.add(l);
  }
  const seen = new Set(doc.placeholders.map((p) => p.line));
  for (let ln = 1; ln <= lines.count; ln++) {
    if (skip.has(ln) || seen.has(ln)) continue;
    const src = lines.get(ln);
    // Blanking code spans only removes characters: a line without a bracket has no prompt.
    if (!src.includes('{') && !src.includes('[')) continue;
    const ph = findPlaceholder(src.replace(/`[^`]*`/g, (m) => ' '.repeat(m.length)));
    if (!ph) continue;
    doc.placeholders.push({ text: ph, line: ln, column: src.indexOf(ph.slice(0, 10)) + 1 || 1 });
  }
  doc.placeholders.sort((a, b) => a.line - b.line);
}

/** The heading level the record's own sections use, so a restored heading fits in. */
function sectionDepth(ctx: ReaderContext): number {
  const counts = new Map<number, number>();
  for (const s of ctx.doc.sections) if (s.concept !== 'other') counts.set(s.depth, (counts.get(s.depth) ?? 0) + 1);
  let best = 2;
  let n = 0;
  for (const [d, c] of counts) if (c > n || (c === n && d < best)) [best, n] = [d, c];
  return best;
}

// Opening and closing tags of HTML blocks whose content is Markdown (`<details>` ... `</details>`).
const HTML_OPEN = /<(details|div|section|aside|table|blockquote)\b[^>]*>/gi;
const HTML_CLOSE = /<\/(details|div|section|aside|table|blockquote)\s*>/gi;

/** Lines of Markdown inside an HTML element (a `<details>` block): not where headings get lost. */
function linesInsideHtml(ctx: ReaderContext): Set<number> {
  const inside = new Set<number>();
  let depth = 0;
  for (const n of ctx.tree.children) {
    if (n.type === 'html') {
      depth += (n.value.match(HTML_OPEN)?.length ?? 0) - (n.value.match(HTML_CLOSE)?.length ?? 0);
      depth = Math.max(0, depth);
    } else if (depth > 0 && n.position) {
      for (let l = n.position.start.line; l <= n.position.end.line; l++) inside.add(l);
    }
  }
  return inside;
}

export function readPlainSections(ctx: ReaderContext): void {
  const { doc, lines, tree } = ctx;
  const depth = '#'.repeat(sectionDepth(ctx));
  const eol = doc.eol;
  const blank = (ln: number) => ln < 1 || ln > lines.count || lines.get(ln).trim() === '';
  // A word such as "Decision" alone on a line is a lost heading only when the record lacks that
  // section: with a `## Decision` heading it is a word of the prose (a list of stages, a sentence).
  const headed = new Set(doc.sections.map((s) => s.concept));
  const inHtml = linesInsideHtml(ctx);
  const plain: PlainHeading[] = [];
  // Paragraphs anywhere: a lost heading often ends up as the lazy last line of a list item.
  for (const n of walk(tree)) {
    if (n.type !== 'paragraph' || !n.children.every((c) => c.type === 'text' || c.type === 'break')) continue;
    const startLine = n.position?.start.line ?? 1;
    const endLine = n.position?.end.line ?? startLine;
    for (let ln = startLine; ln <= endLine; ln++) {
      const src = lines.get(ln);
      if (!isKnownSectionName(src) || inHtml.has(ln)) continue;
      if (doc.flattenedFrontMatter && ln === doc.flattenedFrontMatter.line) continue;
      const r = lines.range(ln);
      const name = src.trim().replace(/[\s:]+$/, '');
      if (!normalizeHeading(name)) continue;
      const concept = conceptOf(name);
      if (concept !== 'other' && headed.has(concept)) continue;
      if (midSentence(lines, ln)) continue;
      // Blank lines only where there is none, so the fix adds no stray empty lines.
      const heading = `${depth} ${name}`;
      const text = `${blank(ln - 1) ? '' : eol}${heading}${blank(ln + 1) ? '' : eol}`;
      plain.push({
        text: name,
        kind: 'section',
        heading,
        line: ln,
        column: 1,
        edit: { start: r.start, end: r.end, text },
      });
    }
  }
  doc.plainHeadings.push(...plain);
}

/**
 * "... ended without a / Decision / being made": the text before the line stops without
 * punctuation and the text after it goes on in lower case, so the word is inside a sentence.
 */
function midSentence(lines: ReaderContext['lines'], ln: number): boolean {
  const near = (step: number): string => {
    for (let l = ln + step; l >= 1 && l <= lines.count; l += step) {
      const t = lines.get(l).trim();
      if (t) return t;
    }
    return '';
  };
  return /[A-Za-z,]$/.test(near(-1)) && /^[a-z]/.test(near(1));
}
