// One answers schema for every input path: flags, prompts and --answers files all end here.
import validate from '#validate-answers';
import schema from './answers.schema.json' with { type: 'json' };
import { clip, showValue } from './text.js';

export type Lang = 'node' | 'go' | 'python';
export type Base = 'distroless' | 'chainguard';
export type AdrStatus = 'proposed' | 'accepted';
/** Node only: the HTTP layer of the service. */
export type Framework = 'http' | 'fastify';

export interface Answers {
  name: string;
  lang: Lang;
  /** Node services only; `checkAnswers` fills in `http` for a Node service without one. */
  framework?: Framework;
  description: string;
  owner: string;
  port: number;
  base: Base;
  adrStatus: AdrStatus;
}

export type AnswerKey = keyof Answers;
export type PartialAnswers = Partial<Record<AnswerKey, unknown>>;

export const answerKeys: AnswerKey[] = [
  'name',
  'lang',
  'framework',
  'description',
  'owner',
  'port',
  'base',
  'adrStatus',
];
export const languages: Lang[] = ['node', 'go', 'python'];
export const frameworks: Framework[] = ['http', 'fastify'];
export const bases: Base[] = ['distroless', 'chainguard'];
export const adrStatuses: AdrStatus[] = ['proposed', 'accepted'];

/** Values with no default: missing ones fail in non-interactive mode unless --yes. */
export const requiredKeys: AnswerKey[] = ['name', 'lang'];

export function defaults(name?: string): Omit<Answers, 'name'> & { name?: string } {
  return {
    name,
    lang: 'node',
    description: name ? `The ${name} service` : 'A service',
    owner: 'platform-team',
    port: 8080,
    base: 'distroless',
    adrStatus: 'proposed',
  };
}

/** Describes one answer for messages and prompts, taken from the schema itself. */
export function describe(key: AnswerKey): string {
  return (schema.properties as Record<string, { description?: string }>)[key]?.description ?? '';
}

/** The schema's words for the rule against Windows device names, as `must not be ...`. */
export function deviceNameRule(): string {
  return schema.properties.name.allOf[1]!.description!.replace(/^not /, 'must not be ');
}

/**
 * Whether a file or folder name is a Windows device name (`con`, `NUL.txt`, `com1`), by the
 * schema's own rule for the service name: the one rule for names and target folders alike.
 */
export function isDeviceName(segment: string): boolean {
  return new RegExp(schema.properties.name.allOf[1]!.not.pattern).test(segment);
}

export class AnswersError extends Error {
  constructor(
    message: string,
    readonly key?: string,
  ) {
    super(message);
    this.name = 'AnswersError';
  }
}

/**
 * Checks answers against the schema. `label` names where a key came from,
 * so a message can point at the flag (`--name`) or the file field.
 */
export function checkAnswers(given: PartialAnswers, label: (key: string) => string = flagOf): Answers {
  const answers = normalize(given);
  if (validate(answers)) {
    const valid = answers as unknown as Answers;
    // The framework's default: a Node service is on node:http unless it says otherwise.
    return valid.lang === 'node' && valid.framework === undefined ? { ...valid, framework: 'http' } : valid;
  }
  const error = validate.errors?.[0];
  if (!error) throw new AnswersError('answers are invalid');
  const key =
    error.instancePath.split('/')[1] ??
    (error.params as { missingProperty?: string; additionalProperty?: string }).missingProperty;
  if (error.keyword === 'false schema' && key === 'framework') {
    // The schema allows a framework only with lang node.
    throw new AnswersError(
      `${label('framework')} applies to Node services only (lang is ${showValue(answers.lang)})`,
      key,
    );
  }
  if (error.keyword === 'required' && key) {
    throw new AnswersError(`missing ${label(key)}: ${describe(key as AnswerKey)}`, key);
  }
  if (error.keyword === 'additionalProperties') {
    const extra = (error.params as { additionalProperty: string }).additionalProperty;
    throw new AnswersError(`unknown answer "${clip(extra, 40)}" (known: ${answerKeys.join(', ')})`, extra);
  }
  const value = key ? (answers as Record<string, unknown>)[key] : undefined;
  if (error.schemaPath.startsWith('#/properties/name/allOf/1/')) {
    // Its own words: the name's whole description would bury why a well-formed name is refused.
    throw new AnswersError(`${label('name')} ${deviceNameRule()} (got ${showValue(value)})`, key);
  }
  // Escaped (an invisible character is the usual reason) and cut: a value can be megabytes long.
  const shown = showValue(value);
  throw new AnswersError(
    `${label(key ?? '')} must be ${describe(key as AnswerKey) || error.message} (got ${shown})`,
    key,
  );
}

/** Text answers lose the spaces around them, as a prompt or a shell quote easily leaves them. */
const TRIMMED: AnswerKey[] = ['owner', 'description'];

function normalize(given: PartialAnswers): PartialAnswers {
  const answers = { ...given };
  if (answers.port !== undefined) answers.port = portFromText(answers.port);
  for (const key of TRIMMED) {
    const value = answers[key];
    if (typeof value === 'string') answers[key] = value.trim();
  }
  return answers;
}

/**
 * A port given as text (a flag, `--set`, a prompt, an answers file): trimmed, then digits with no
 * leading zero become a number; anything else stays text, which the schema refuses.
 */
export function portFromText(value: unknown): unknown {
  if (typeof value !== 'string') return value;
  const trimmed = value.trim();
  return /^[1-9]\d*$/.test(trimmed) && trimmed.length <= 5 ? Number(trimmed) : value;
}

export const flagOf = (key: string): string => `--${key.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`)}`;

/** Validates a single value, for prompts that check each answer as it is given. */
export function checkOne(key: AnswerKey, value: unknown): true | string {
  const probe: PartialAnswers = { name: 'x', lang: 'node', [key]: value };
  try {
    checkAnswers(probe, (k) => k);
    return true;
  } catch (error) {
    return (error as Error).message;
  }
}
