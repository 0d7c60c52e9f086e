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

export function conceptOf(text: string): Concept {
  return CONCEPTS[normalizeHeading(text)] ?? 'other';
}

/** Section names a plain line may carry when headings were lost (pasted MADR). */
export function isKnownSectionName(line: string): boolean {
  const n = normalizeHeading(line);
  return (
    n.length > 0 &&
    n ===
      line
        .trim()
        .replace(/[\s:]+$/, '')
        .toLowerCase() &&
    n in CONCEPTS
  );
}

export const PROFILES: Record<string, RequiredConcept[]> = {
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
