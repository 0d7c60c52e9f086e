// A template file the team keeps in its ADR folder (`template.md`, `adr-template.md`,
// `0000-template.md`, `TEMPLATE.md`, ...), filled without Handlebars: adr-tools' NUMBER, TITLE,
// DATE and STATUS words, the title heading, and the status, date and deciders wherever the
// template keeps them (front matter, `Status:` fields, a `## Status` section, a table).
import { readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { fieldOfKey } from './front-matter.js';
import { isTemplateBeside, type TemplateData } from './render.js';

/** The template file in `dir`, the shortest name first (`adr-template.md` before `adr-template-bare.md`). */
export function teamTemplateFile(dir: string): string | null {
  let names: string[];
  try {
    names = readdirSync(dir);
  } catch {
    return null;
  }
  const hits = names.filter(isTemplateBeside).sort((a, b) => a.length - b.length || (a < b ? -1 : a > b ? 1 : 0));
  for (const n of hits) {
    try {
      if (statSync(path.join(dir, n)).isFile()) return path.join(dir, n);
    } catch {
      // gone meanwhile
    }
  }
  return null;
}

/** A value that is the template's prompt, not a value: `[...]`, `{...}`, `a | b`, `YYYY-MM-DD`, empty. */
export function isPrompt(value: string): boolean {
  const v = value
    .trim()
    .replace(/^(["'])(.*)\1$/, '$2')
    .trim();
  return v === '' || /^[[{<(]/.test(v) || v.includes('|') || /y{4}|\bdd\b|\u2026|\.\.\./i.test(v);
}

const cap = (s: string) => s.charAt(0).toUpperCase() + s.slice(1);

/** The status as the template writes its words: `[draft | proposed]` lower case, else capitalised. */
function statusLike(was: string, status: string): string {
  const first = /[A-Za-z]/.exec(was)?.[0];
  return first !== undefined && first === first.toLowerCase() ? status : cap(status);
}

/** `ADR-NNN`, `ADRXXX`: the number, padded to the width of the run (`ADR-007`). */
function numberRuns(text: string, number: string): string {
  if (!number) return text;
  return text.replace(/\b([A-Za-z]*?[-_ ]?)(N{2,}|X{2,})\b/g, (_m, pre: string, run: string) => {
    return pre + number.padStart(run.length, '0');
  });
}

/** adr-tools' words, bare or in brackets (`{NUMBER}`, `[TITLE]`), as its `adr new` fills them. */
function adrToolsWords(line: string, data: TemplateData): string {
  const words: Record<string, string> = {
    NUMBER: data.number,
    TITLE: data.title,
    DATE: data.date,
    STATUS: cap(data.status),
  };
  return line.replace(/[{[]?\b(NUMBER|TITLE|DATE|STATUS)\b[}\]]?/g, (m, w: string, at: number) => {
    // `ADR-{NUMBER}`, `ADR NUMBER`: a reference, padded as the file names are (`ADR-007`); `# NUMBER.` is not.
    if (w === 'NUMBER' && data.id && /(?:[A-Za-z][-_]|\b[A-Z]{2,} ?)$/.test(line.slice(0, at))) words.NUMBER = data.id;
    else words.NUMBER = data.number;
    const open = m.charAt(0);
    const close = m.charAt(m.length - 1);
    const bracketed = (open === '{' && close === '}') || (open === '[' && close === ']');
    if (bracketed) return words[w]!;
    // A lone bracket belongs to the text around the word: keep it.
    return (open === '{' || open === '[' ? open : '') + words[w]! + (close === '}' || close === ']' ? close : '');
  });
}

function scalar(value: string, was: string, toml: boolean): string {
  const quote = /^["']/.exec(was.trim())?.[0];
  if (toml || quote === '"') return JSON.stringify(value).replace(/\x7f/g, '\\u007f');
  if (quote === "'") return `'${value.replace(/'/g, "''")}'`;
  return /^[A-Za-z0-9][\w./, -]*$/.test(value) && !/[ ]$|: | #/.test(value) ? value : JSON.stringify(value);
}

function list(names: string[], toml: boolean): string {
  return `[${names.map((n) => scalar(n, toml ? '"' : '', toml)).join(', ')}]`;
}

const FIELD =
  /^(\s*(?:[-*+]\s+)?(?:\*\*|__)?(status|date|deciders|decision[- ]makers)(?:\*\*|__)?\s*:\s*(?:\*\*|__)?\s*)(.*)$/i;

/**
 * MADR 4's template keeps its optional keys commented out (`# status: "{proposed | ...}"`,
 * `# date: {YYYY-MM-DD ...}`): the status and date, which a record needs, are uncommented to be
 * filled, and the deciders key when there are deciders to write; unless the block has them already.
 */
function uncommentFields(lines: string[], fence: string, toml: boolean, deciders: boolean): void {
  const live = new Set<string>();
  let end = 1;
  for (; end < lines.length && lines[end]!.trim() !== fence; end++) {
    const m = (toml ? /^(["']?)([\w.-]+)\1\s*=/ : /^(["']?)([\w -]+?)\1\s*:/).exec(lines[end]!);
    const field = m ? fieldOfKey(m[2]!) : null;
    if (field) live.add(field);
  }
  for (let i = 1; i < end; i++) {
    const m = (toml ? /^#\s*(([\w.-]+)\s*=.*)$/ : /^#\s*(([\w -]+?)\s*:(?:\s.*)?)$/).exec(lines[i]!);
    const field = m ? fieldOfKey(m[2]!) : null;
    if (!field || live.has(field)) continue;
    if (field === 'status' || field === 'date' || (field === 'deciders' && deciders)) {
      lines[i] = m![1]!;
      live.add(field);
    }
  }
}

/** Fills a team's Markdown template for a new record. */
export function fillTeamTemplate(text: string, data: TemplateData): string {
  const eol = text.includes('\r\n') ? '\r\n' : '\n';
  const lines = text.split(/\r?\n/);
  const status = cap(data.status);
  const deciders = data.deciders
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
  let k = 0;
  // Front matter: every key the new record's values go into; other prompts left empty.
  const fence = lines[0]?.trim();
  if (fence === '---' || fence === '+++') {
    const toml = fence === '+++';
    uncommentFields(lines, fence, toml, deciders.length > 0);
    for (k = 1; k < lines.length && lines[k]!.trim() !== fence; k++) {
      const m = (toml ? /^(["']?)([\w.-]+)\1(\s*=\s*)(.*)$/ : /^(["']?)([\w -]+?)\1(\s*:[ \t]*)(.*)$/).exec(lines[k]!);
      if (!m) continue;
      const key = m[2]!.toLowerCase();
      const field = fieldOfKey(key);
      const was = m[4]!.replace(/\s+#.*$/, '');
      let value: string | null = null;
      if (field === 'status')
        value = scalar(/^["']?[A-Z]/.test(was) && !isPrompt(was) ? status : data.status, was, toml);
      else if (field === 'date') value = toml && !/^["']/.test(was.trim()) ? data.date : scalar(data.date, was, toml);
      else if (field === 'title') value = scalar(data.title, was, toml);
      else if (field === 'deciders') {
        if (deciders.length > 0)
          value = was.trim().startsWith('[') ? list(deciders, toml) : scalar(data.deciders, was, toml);
        else if (isPrompt(was) && !/^\[\s*\]$/.test(was.trim())) value = toml ? '""' : '';
      } else if (field === 'number') {
        const filled = numberRuns(was, data.number);
        value = filled !== was ? filled : data.number && /^\d+$/.test(was.trim()) ? data.number : null;
      } else if (field === 'superseded-by') value = toml ? '""' : 'null';
      else if (field === 'supersedes') value = '[]';
      else if (isPrompt(was) && !/^(\[\s*\]|null|~)$/.test(was.trim())) value = toml ? '""' : '';
      if (value !== null)
        lines[k] = `${m[1]}${m[2]}${m[1]}${m[3]!.replace(/[ \t]*$/, value === '' ? '' : ' ')}${value}`;
    }
    k++;
  }
  let titled = false;
  let fenced = false;
  for (let i = k; i < lines.length; i++) {
    let line = lines[i]!;
    if (/^\s*(```|~~~)/.test(line)) fenced = !fenced;
    if (fenced) continue;
    line = adrToolsWords(line, data);
    const h1 = /^#\s+(.*?)\s*#*\s*$/.exec(line);
    if (h1 && !titled) {
      titled = true;
      const heading = numberRuns(h1[1]!, data.number);
      if (!heading.includes(data.title)) {
        const prefix = /^(?:ADR[-_ ]?\d+\s*[:.\-\u2013\u2014]?\s*|\d+\.\s*)/i.exec(heading)?.[0] ?? '';
        line = `# ${prefix}${data.title}`;
      } else line = `# ${heading}`;
    }
    const field = FIELD.exec(line);
    if (field) {
      const key = field[2]!.toLowerCase();
      if (key === 'status') line = field[1] + statusLike(field[3]!, data.status);
      else if (key === 'date') line = field[1] + data.date;
      else if (deciders.length > 0 || isPrompt(field[3]!)) line = (field[1] + data.deciders).trimEnd();
    }
    // `## Status` / `## Date` sections: their first line.
    const section = /^#{2,3}\s+(status|date)\s*$/i.exec(line);
    if (section) {
      let j = i + 1;
      while (j < lines.length && (lines[j]!.trim() === '' || /^\s*<!--.*-->\s*$/.test(lines[j]!))) j++;
      const next = lines[j];
      const value = section[1]!.toLowerCase() === 'status' ? statusLike(next ?? '', data.status) : data.date;
      if (next === undefined || /^#/.test(next)) lines.splice(i + 1, 0, '', value);
      else if (isPrompt(next) || /^[A-Za-z]+\.?$/.test(next.trim()) || /^(STATUS|DATE)$/.test(next.trim()))
        lines[j] = value;
    }
    // A table with Status / Date columns: its first row.
    if (/^\s*\|/.test(line) && /^\s*\|?\s*:?-+:?\s*\|/.test(lines[i + 1] ?? '') && lines[i + 2] !== undefined) {
      const cells = line.split('|').map((c) => c.trim().toLowerCase());
      const row = lines[i + 2]!.split('|');
      let changed = false;
      cells.forEach((c, n) => {
        if (n >= row.length) return;
        if (c === 'status') row[n] = ` ${statusLike(row[n]!, data.status)} `;
        else if (c === 'date') row[n] = ` ${data.date} `;
        else return;
        changed = true;
      });
      if (changed) lines[i + 2] = row.join('|');
    }
    lines[i] = line;
  }
  if (!titled) lines.splice(k, 0, `# ${data.title}`, '');
  return lines.join(eol);
}
