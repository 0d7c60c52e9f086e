// Inline control, as markdownlint does it, in HTML comments:
//   <!-- adr-lint-disable [rule-id ...] -->            rules off from this line on (no ids: all)
//   <!-- adr-lint-enable [rule-id ...] -->             back on from this line on
//   <!-- adr-lint-disable-next-line [rule-id ...] -->  off for the next line only
// A finding about the whole file (line 0 or 1) is silenced by a disable still in effect at the
// end of the file, so one comment anywhere turns a file-level rule off for that record.
const DIRECTIVE = /<!--\s*adr-lint-(disable-next-line|disable|enable)((?:\s+[a-z0-9-]+)*)\s*-->/g;

interface Directive {
  line: number;
  kind: 'disable' | 'enable' | 'disable-next-line';
  /** Empty: every rule. */
  ids: string[];
}

export interface InlineControl {
  /** Whether a finding of `ruleId` on `line` (0 = whole file) is silenced. */
  silenced(ruleId: string, line: number): boolean;
  /** Directives naming a rule id that does not exist, for a finding of their own. */
  unknown: Array<{ line: number; id: string }>;
}

const NONE: InlineControl = { silenced: () => false, unknown: [] };

/**
 * Reads the directives from the HTML comments of a document. `comments` are the raw values
 * and start lines of its html nodes, so comments inside code blocks do not count.
 */
export function inlineControl(
  comments: Array<{ value: string; line: number }>,
  knownIds: ReadonlySet<string>,
): InlineControl {
  const directives: Directive[] = [];
  const unknown: InlineControl['unknown'] = [];
  for (const c of comments) {
    if (!c.value.includes('adr-lint-')) continue;
    for (const m of c.value.matchAll(DIRECTIVE)) {
      const line = c.line + (c.value.slice(0, m.index).match(/\n/g)?.length ?? 0);
      const ids = m[2]!.trim() ? m[2]!.trim().split(/\s+/) : [];
      for (const id of ids) if (!knownIds.has(id)) unknown.push({ line, id });
      directives.push({ line, kind: m[1] as Directive['kind'], ids });
    }
  }
  if (directives.length === 0) return NONE;
  directives.sort((a, b) => a.line - b.line);
  const applies = (d: Directive, id: string): boolean => d.ids.length === 0 || d.ids.includes(id);
  return {
    unknown,
    silenced(ruleId, line) {
      // Findings about the whole file sit on line 0 or 1.
      const at = line <= 1 ? Infinity : line;
      let off = false;
      for (const d of directives) {
        if (d.kind === 'disable-next-line') {
          if (line > 0 && d.line + 1 === line && applies(d, ruleId)) return true;
          continue;
        }
        if (d.line > at) break;
        if (applies(d, ruleId)) off = d.kind === 'disable';
      }
      return off;
    },
  };
}
