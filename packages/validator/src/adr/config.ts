// Configuration: `.adrlintrc.json` or the `adrLint` key of package.json, found
// by walking up from the working directory, or given with --config.
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { createRequire } from 'node:module';
import type { Ajv as AjvClass, ValidateFunction } from 'ajv';
import { ConfigError } from '../core/index.js';
import { PROFILE_NAMES, REQUIRED_CONCEPTS } from './concepts.js';
import { ruleIds } from './rules/index.js';
import { DEFAULT_STATUSES } from './status.js';
import type { AdrLintConfig, ResolvedConfig, RuleSetting } from './types.js';

export type { AdrLintConfig, ResolvedConfig };
export { ConfigError };

export const DEFAULT_IGNORE = [
  '**/README.md',
  '**/readme.md',
  '**/index.md',
  '**/template.md',
  '**/*[-_]template.md',
  '**/template[-_]*.md',
  '**/adr-template*.md',
  '**/*TEMPLATE*.md',
  '**/_templates/**',
  '**/templates/**',
  '**/node_modules/**',
];

/** Files above this size are reported, not parsed: a 5 MB "ADR" is not one. */
export const DEFAULT_MAX_FILE_SIZE = 1024 * 1024;

const schema = {
  type: 'object',
  additionalProperties: false,
  properties: {
    $schema: { type: 'string' },
    profile: { enum: PROFILE_NAMES },
    statuses: { type: 'array', items: { type: 'string', minLength: 1 }, minItems: 1 },
    requiredSections: { type: 'array', items: { enum: [...REQUIRED_CONCEPTS] } },
    rules: {
      type: 'object',
      propertyNames: { enum: [...ruleIds] },
      additionalProperties: { enum: ['off', 'warn', 'warning', 'error'] },
    },
    ignore: { type: 'array', items: { type: 'string' } },
    maxFileSize: { type: 'integer', minimum: 1 },
  },
} as const;

// Ajv (hundreds of modules) is loaded only when there is a config to check: most runs, such as
// a pre-commit hook on one file, have none, and loading it was most of their start-up time.
let validateConfig: ValidateFunction | undefined;
function configValidator(): ValidateFunction {
  if (!validateConfig) {
    const { Ajv } = createRequire(import.meta.url)('ajv') as { Ajv: typeof AjvClass };
    validateConfig = new Ajv({ allErrors: true }).compile(schema);
  }
  return validateConfig;
}

export function resolveConfig(user: AdrLintConfig = {}, source: string | null = null): ResolvedConfig {
  // A plain empty object is valid against the schema (no required keys): it needs no validator.
  const empty = user !== null && typeof user === 'object' && !Array.isArray(user) && Object.keys(user).length === 0;
  const validate = empty ? null : configValidator();
  if (validate && !validate(user)) {
    const msg = (validate.errors ?? [])
      .map((e) => {
        const allowed = e.params && 'allowedValues' in e.params ? (e.params.allowedValues as string[]) : null;
        return `${e.instancePath || '/'} ${e.message ?? ''}${allowed ? ` (${allowed.join(', ')})` : ''}`;
      })
      .join('; ');
    throw new ConfigError(`invalid ADR lint config${source ? ` in ${source}` : ''}: ${msg}`);
  }
  const rules: Record<string, RuleSetting> = {};
  for (const [id, v] of Object.entries(user.rules ?? {})) rules[id] = v === 'warn' ? 'warning' : v;
  return {
    profile: user.profile ?? 'auto',
    statuses: (user.statuses ?? DEFAULT_STATUSES).map((s) => s.toLowerCase()),
    requiredSections: user.requiredSections ?? null,
    rules,
    ignore: [...DEFAULT_IGNORE, ...(user.ignore ?? [])],
    maxFileSize: user.maxFileSize ?? DEFAULT_MAX_FILE_SIZE,
    source,
  };
}

async function readJson(file: string): Promise<unknown> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (e) {
    throw new ConfigError(`cannot read config ${file}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`);
  }
  try {
    return JSON.parse(text.replace(/^\uFEFF/, ''));
  } catch (e) {
    throw new ConfigError(`config ${file} is not valid JSON: ${(e as Error).message}`);
  }
}

/** Loads an explicit config file (.json, or a package.json with `adrLint`). */
export async function loadConfigFile(file: string): Promise<ResolvedConfig> {
  const data = await readJson(file);
  if (path.basename(file) === 'package.json') {
    const section = (data as { adrLint?: AdrLintConfig } | null)?.adrLint;
    if (!section) throw new ConfigError(`${file} has no "adrLint" key`);
    return resolveConfig(section, file);
  }
  return resolveConfig(data as AdrLintConfig, file);
}

/** Walks up from `cwd` to the first `.adrlintrc.json` or package.json with `adrLint`. */
export async function findConfig(cwd: string): Promise<ResolvedConfig> {
  let dir = path.resolve(cwd);
  for (;;) {
    const rc = path.join(dir, '.adrlintrc.json');
    try {
      return await loadConfigFile(rc);
    } catch (e) {
      if (!(e instanceof ConfigError) || !/cannot read config/.test(e.message)) throw e;
    }
    const pkg = path.join(dir, 'package.json');
    let data: unknown = null;
    try {
      data = JSON.parse(await readFile(pkg, 'utf8'));
    } catch {
      data = null;
    }
    const section = (data as { adrLint?: AdrLintConfig } | null)?.adrLint;
    if (section) return resolveConfig(section, pkg);
    const parent = path.dirname(dir);
    if (parent === dir) return resolveConfig({}, null);
    dir = parent;
  }
}
