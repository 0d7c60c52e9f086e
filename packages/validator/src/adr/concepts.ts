import type { Concept, RequiredConcept } from './types.js';

export type { RequiredConcept };

/** Heading text → concept. Keys are normalised (see normalizeHeading). */
const CONCEPTS: Record<string, Concept> = {
  context: 'context',
  'context and problem statement': 'context',
  'problem statement': 'context',
  background: 'context',
  'context and motivation': 'context',
  decision: 'decision',
  'decision outcome': 'decision',
  consequences: 'consequences',
  'positive consequences': 'consequences',
  'negative consequences': 'consequences',
  'considered options': 'options',
  'alternatives considered': 'options',
  'considered alternatives': 'options',
  status: 'status',
  'decision drivers': 'drivers',
  links: 'links',
  'more information': 'links',
  'pros and cons of the options': 'other',
  confirmation: 'other',
  'technical story': 'other',
};

/**
 * Other names real ADR folders give the same concepts (counted in a corpus of 28 repositories).
 * They count for required sections, but a plain line reading "Summary" is not taken for a lost
 * heading: only the names above are.
 */
const ALIASES: Record<string, Concept> = {
  summary: 'context',
  issue: 'context',
  problem: 'context',
  overview: 'context',
  motivation: 'context',
  'context and proposed design': 'context',
  'problem and context': 'context',
  'the problem': 'context',
  design: 'decision',
  'proposed design': 'decision',
  proposal: 'decision',
  'proposed solution': 'decision',
  solution: 'decision',
  recommendation: 'decision',
  'decided approach': 'decision',
  'chosen option': 'decision',
  'decision and rationale': 'decision',
  considerations: 'consequences',
  implications: 'consequences',
  impact: 'consequences',
  'consequences and risks': 'consequences',
  'considered option': 'options',
  options: 'options',
  alternatives: 'options',
  'rejected alternatives': 'options',
  'options considered': 'options',
};

export const CONCEPT_LABELS: Record<string, string[]> = {
  context: ['Context', 'Context and Problem Statement', 'Problem Statement', 'Background'],
  decision: ['Decision', 'Decision Outcome'],
  consequences: ['Consequences', 'Positive Consequences', 'Negative Consequences'],
  options: ['Considered Options', 'Alternatives Considered'],
};

export const REQUIRED_CONCEPTS: readonly RequiredConcept[] = ['context', 'decision', 'consequences', 'options'];

/** Strip numbering (`1.`, `2.1`), emoji, trailing colons and `<!-- optional -->`. */
export function normalizeHeading(text: string): string {
  return text
    .replace(/<!--.*?-->/g, '')
    .replace(/^[^A-Za-z]*?(?:\d+(?:\.\d+)*\.?\s+)?(?=[A-Za-z])/, '')
    .replace(/[\s:.]+$/, '')
    .replace(/\s+/g, ' ')
    .toLowerCase();
}

/** Section names only MADR (2 to 4) writes: a body with any of them is a MADR body. */
export const MADR_HEADINGS: readonly string[] = [
  'context and problem statement',
  'considered options',
  'decision outcome',
];

export function hasMadrHeadings(sections: readonly { text: string }[]): boolean {
  return sections.some((s) => MADR_HEADINGS.includes(normalizeHeading(s.text)));
}

/** The concept a normalised name stands for. Own keys only: a heading "Constructor" is not one. */
function named(n: string): Concept | undefined {
  return Object.hasOwn(CONCEPTS, n) ? CONCEPTS[n] : Object.hasOwn(ALIASES, n) ? ALIASES[n] : undefined;
}

export function conceptOf(text: string, extra?: Readonly<Record<string, readonly string[]>>): Concept {
  const n = normalizeHeading(text);
  const known = named(n);
  if (known) return known;
  if (extra)
    for (const [concept, names] of Object.entries(extra))
      if (names.some((x) => normalizeHeading(x) === n)) return concept as Concept;
  return 'other';
}

/** Section names a plain line may carry when headings were lost (pasted MADR). */
export function isKnownSectionName(line: string): boolean {
  const bare = line
    .trim()
    .replace(/[\s:]+$/, '')
    .toLowerCase();
  // Every line of prose comes here: the lookup first, the four replacements only for a name.
  if (!Object.hasOwn(CONCEPTS, bare)) return false;
  const n = normalizeHeading(line);
  return n.length > 0 && n === bare;
}

export const PROFILES: Record<string, RequiredConcept[]> = {
  // `auto` picks one of madr, nygard and minimal from the record's own body.
  madr: ['context', 'options', 'decision'],
  nygard: ['context', 'decision', 'consequences'],
  madr2: ['context', 'options', 'decision'],
  madr3: ['context', 'options', 'decision'],
  madr4: ['context', 'options', 'decision'],
  // Seed styles: bold field header over Context/Decision/Consequences, and
  // YAML front matter over Context/Considered Options/Decision/Consequences.
  'bold-fields': ['context', 'decision', 'consequences'],
  frontmatter: ['context', 'decision', 'consequences'],
  minimal: ['context', 'decision'],
};

export const PROFILE_NAMES = ['auto', ...Object.keys(PROFILES)];
