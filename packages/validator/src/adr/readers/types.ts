// What a reader gets and gives. Each reader looks at one place metadata is written (front
// matter, header fields, tables, sections, change logs, ...) and records what it finds on the
// document; parse.ts runs them in order and decides precedence once.
import type { Root, RootContent } from 'mdast';
import type { AdrDocument, Field, FieldSource, Pos } from '../types.js';
import type { Lines } from './mdast.js';

export type FieldKey = 'status' | 'date' | 'deciders';

/** A metadata value as a reader found it, before it is placed in the source. */
export interface RawField {
  key: FieldKey;
  value: string;
  line: number;
  column: number;
  /** The first link in the value (a superseding record), if any. */
  link: string | null;
}

export interface ReaderContext {
  doc: AdrDocument;
  tree: Root;
  children: RootContent[];
  lines: Lines;
  /** The statuses of the run: a `## Status` section is read when it starts with one of them. */
  statuses: readonly string[];
  /** Index of the first body node after front matter. */
  bodyStart: number;
  /** Indexes of the heading nodes among `children`. */
  headings: number[];
  /** Fields found so far, per key, in the order the readers ran. */
  found: Record<FieldKey, Field[]>;
  /** The link each found field carries. */
  links: Map<Field, string | null>;
  /** A `superseded-by:` front-matter value, when there is one. */
  supersededByRef: string | null;
  /** Where that value is written: findings about it point there. */
  supersededByAt: Pos | null;
  /** A `title:` front-matter value: the title when the body has no H1. */
  frontMatterTitle: (Pos & { text: string }) | null;
  /** Records a field, locating its value on its line so --fix can edit it. */
  add(f: RawField, source: FieldSource): Field;
}

/**
 * The front-matter and field key names the readers accept, lower-cased: the three fields and their
 * spellings, the ADR number's keys and "superseded by"'s (exported: distroless-adr writes them).
 */
export const FIELD_KEYS = new Map<string, FieldKey>([
  ['status', 'status'],
  ['date', 'date'],
  ['deciders', 'deciders'],
  ['decision-makers', 'deciders'],
  ['decision makers', 'deciders'],
]);

export const NUMBER_KEYS: ReadonlySet<string> = new Set(['adr', 'id', 'number']);
export const SUPERSEDED_BY_KEYS: ReadonlySet<string> = new Set(['superseded-by', 'superseded_by', 'supersededby']);
