// Configuration: `.adrlintrc.json` (or `.yaml`, `.yml`) or the `adrLint` key of package.json, found
// by walking up from the working directory, or given with --config.
import { readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import type { Ajv as AjvClass, ValidateFunction } from 'ajv';
import { parseDocument } from 'yaml';
import { ConfigError } from '../core/index.js';
import { DEFAULT_FILE_TIME_LIMIT, DEFAULT_MAX_FILE_SIZE } from './budget.js';
import { PROFILE_NAMES, REQUIRED_CONCEPTS } from './concepts.js';
import { configProblems, jsonProblem, lineColumn } from './config-errors.js';
import { settingsText } from './folders.js';
import { ruleIds } from './rules/index.js';
import { DEFAULT_STATUSES } from './status.js';
import type { AdrLintConfig, ResolvedConfig, RuleSetting } from './types.js';

export type { AdrLintConfig, ResolvedConfig };
export { ConfigError };

export const DEFAULT_IGNORE = [
  '**/README.md',
  '**/readme.md',
  '**/index.md',
  '**/backlog.md',
  '**/template.md',
  '**/*[-_]template.md',
  '**/template[-_]*.md',
  '**/adr-template*.md',
  '**/*TEMPLATE*.md',
  '**/_templates/**',
  '**/templates/**',
  '**/node_modules/**',
];

export { DEFAULT_MAX_FILE_SIZE };

const concepts = { type: 'array', items: { enum: [...REQUIRED_CONCEPTS] } } as const;
const settings = {
  type: 'object',
  propertyNames: { enum: [...ruleIds] },
  additionalProperties: { enum: ['off', 'warn', 'warning', 'error'] },
} as const;

const schema = {
  type: 'object',
  additionalProperties: false,
  properties: {
    $schema: { type: 'string' },
    profile: { enum: PROFILE_NAMES },
    statuses: { type: 'array', items: { type: 'string', minLength: 1 }, minItems: 1 },
    requiredSections: {
      oneOf: [
        concepts,
        {
          type: 'object',
          additionalProperties: false,
          properties: { madr: concepts, nygard: concepts, minimal: concepts },
        },
      ],
    },
    sectionAliases: {
      type: 'object',
      propertyNames: { enum: [...REQUIRED_CONCEPTS] },
      additionalProperties: { type: 'array', items: { type: 'string', minLength: 1 } },
    },
    rules: settings,
    overrides: {
      type: 'array',
      items: {
        type: 'object',
        additionalProperties: false,
        required: ['files', 'rules'],
        properties: { files: { type: 'array', items: { type: 'string' }, minItems: 1 }, rules: settings },
      },
    },
    fileNamePattern: { type: 'string', minLength: 1 },
    numbering: { enum: ['tree', 'folder'] },
    ignore: { type: 'array', items: { type: 'string' } },
    maxFileSize: { type: 'integer', minimum: 1 },
    fileTimeLimit: { type: 'number', exclusiveMinimum: 0 },
    fileMemoryLimit: { type: 'integer', minimum: 64 },
  },
} as const;

// Ajv (hundreds of modules) is loaded only when there is a config to check: most runs, such as
// a pre-commit hook on one file, have none, and loading it was most of their start-up time.
let validateConfig: ValidateFunction | undefined;
function requireAjv(): unknown {
  // node:module only where needed: imported at the top, the CommonJS bundles would load it on every
  // run. Their own require resolves from the folder import.meta.url names there.
  const createRequire = (from: string) => process.getBuiltinModule('node:module').createRequire(from);
  const req = typeof require === 'function' ? require : createRequire(import.meta.url);
  try {
    return req('ajv');
  } catch (e) {
    // Bundled into another package's CommonJS (distroless-adr's record reader), import.meta.url is
    // that bundle's, where ajv, a dependency of this package, is not installed: resolve it from here.
    if ((e as NodeJS.ErrnoException).code !== 'MODULE_NOT_FOUND') throw e;
    return createRequire(req.resolve('@distroless-service/validator/package.json'))('ajv');
  }
}
function configValidator(): ValidateFunction {
  if (!validateConfig) {
    const { Ajv } = requireAjv() as { Ajv: typeof AjvClass };
    validateConfig = new Ajv({ allErrors: true }).compile(schema);
  }
  return validateConfig;
}

export { DEFAULT_FILE_TIME_LIMIT };
/** Default MB per parsing thread: a 1 MB file (the size cap) needs about 300 MB to parse. */
export const DEFAULT_FILE_MEMORY_LIMIT = 512;

function settingOf(v: RuleSetting | 'warn'): RuleSetting {
  return v === 'warn' ? 'warning' : v;
}

export function resolveConfig(user: AdrLintConfig = {}, source: string | null = null): ResolvedConfig {
  // A plain empty object is valid against the schema (no required keys): it needs no validator.
  const empty = user !== null && typeof user === 'object' && !Array.isArray(user) && Object.keys(user).length === 0;
  const validate = empty ? null : configValidator();
  const where = source ? ` in ${shownSource(source)}` : '';
  if (validate && !validate(user)) {
    const problems = configProblems(validate.errors ?? [], user, schema);
    throw new ConfigError(`invalid ADR lint config${where}:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
  }
  let fileNamePattern: RegExp | null = null;
  if (user.fileNamePattern !== undefined) {
    try {
      fileNamePattern = new RegExp(user.fileNamePattern);
    } catch (e) {
      throw new ConfigError(
        `invalid ADR lint config${where}:\n  - fileNamePattern: not a valid regular expression: ` +
          `${(e as Error).message}; got ${JSON.stringify(user.fileNamePattern)}`,
      );
    }
  }
  const rules: Record<string, RuleSetting> = {};
  // A repository that lists its conventions means them: breaking them is then an error.
  if (user.statuses) rules['status-valid'] = 'error';
  if (user.requiredSections || (user.profile && user.profile !== 'auto')) rules['required-sections'] = 'error';
  for (const [id, v] of Object.entries(user.rules ?? {})) rules[id] = settingOf(v);
  return {
    profile: user.profile ?? 'auto',
    statuses: (user.statuses ?? DEFAULT_STATUSES).map((s) => s.toLowerCase()),
    statusesConfigured: user.statuses !== undefined,
    requiredSections: user.requiredSections ?? null,
    sectionAliases: user.sectionAliases ?? null,
    rules,
    overrides: (user.overrides ?? []).map((o) => ({
      files: o.files,
      rules: Object.fromEntries(Object.entries(o.rules).map(([k, v]) => [k, settingOf(v)])),
    })),
    fileNamePattern,
    numbering: user.numbering ?? 'tree',
    ignore: [...DEFAULT_IGNORE, ...(user.ignore ?? [])],
    maxFileSize: user.maxFileSize ?? DEFAULT_MAX_FILE_SIZE,
    fileTimeLimit: user.fileTimeLimit ?? DEFAULT_FILE_TIME_LIMIT,
    fileMemoryLimit: user.fileMemoryLimit ?? DEFAULT_FILE_MEMORY_LIMIT,
    source,
    dir: source && source !== 'options' ? path.dirname(source) : null,
    adrFolders: [],
  };
}

// Read synchronously: the files are small, and the first asynchronous read of a run starts libuv's
// four threads, a cost a one-file check on a pre-commit hook felt (issue 15).
function readJson(file: string): unknown {
  let text: string;
  try {
    // A FIFO would wait for a writer; a folder is said by the read's own EISDIR.
    const st = statSync(file, { throwIfNoEntry: false });
    if (st && !st.isFile() && !st.isDirectory())
      throw new ConfigError(`config ${shownSource(file)} is not a regular file (a FIFO or a device)`);
    text = readFileSync(file, 'utf8');
  } catch (e) {
    if (e instanceof ConfigError) throw e;
    throw new ConfigError(`cannot read config ${file}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`);
  }
  return parseConfigText(file, text);
}

function parseConfigText(file: string, raw: string): unknown {
  const text = raw.replace(/^\uFEFF/, '');
  const shown = shownSource(file);
  if (/\.ya?ml$/i.test(file)) {
    const doc = parseDocument(text);
    const err = doc.errors[0];
    if (err) {
      const at = err.linePos?.[0] ?? lineColumn(text, err.pos[0]);
      const what = err.message.split('\n')[0]!.replace(/ at line \d+, column \d+:?$/, '');
      throw new ConfigError(
        `config ${shown} is not valid YAML: line ${at.line}, column ${'col' in at ? at.col : at.column}: ${what}`,
      );
    }
    try {
      return doc.toJS() ?? {};
    } catch (e) {
      // Aliases that expand past the library's limit (a "billion laughs" file).
      throw new ConfigError(`config ${shown} is not valid YAML: ${(e as Error).message.split('\n')[0]}`);
    }
  }
  try {
    return JSON.parse(text);
  } catch (e) {
    throw new ConfigError(`config ${shown} is not valid JSON: ${jsonProblem(text, e as Error)}`);
  }
}

/** A config file's path as messages show it: from the working directory when it is below it. */
function shownSource(file: string): string {
  if (file === 'options') return 'the options passed to lintAdrs';
  const rel = path.relative(process.cwd(), file);
  return rel && !rel.startsWith('..') && !path.isAbsolute(rel) ? rel : file;
}

/** Loads an explicit config file (.json, or a package.json with `adrLint`). */
export async function loadConfigFile(file: string): Promise<ResolvedConfig> {
  return configOf(file, readJson(file));
}

function configOf(file: string, data: unknown): ResolvedConfig {
  if (path.basename(file) === 'package.json') {
    const section = (data as { adrLint?: AdrLintConfig } | null)?.adrLint;
    if (!section) throw new ConfigError(`${file} has no "adrLint" key`);
    return resolveConfig(section, file);
  }
  return resolveConfig(data as AdrLintConfig, file);
}

/** Config file names, in the order they are looked for in each folder. */
export const CONFIG_FILES = ['.adrlintrc.json', '.adrlintrc.yaml', '.adrlintrc.yml'];

const textOrNull = (file: string) =>
  settingsText(file, (f) => new ConfigError(`config ${shownSource(f)} is not a regular file (a FIFO or a device)`));

/** Walks up from `cwd` to the first `.adrlintrc.json` / `.adrlintrc.yaml` or package.json with `adrLint`. */
export async function findConfig(cwd: string): Promise<ResolvedConfig> {
  let dir = path.resolve(cwd);
  for (;;) {
    for (const name of CONFIG_FILES) {
      const file = path.join(dir, name);
      const text = textOrNull(file);
      if (text !== null) return configOf(file, parseConfigText(file, text));
    }
    const pkg = path.join(dir, 'package.json');
    let data: unknown = null;
    const text = textOrNull(pkg);
    try {
      data = text === null ? null : JSON.parse(text.replace(/^\uFEFF/, ''));
    } catch (e) {
      // Another tool's file, not ours to judge, unless it holds settings that would be lost unsaid.
      if (/"adrLint"\s*:/.test(text!))
        throw new ConfigError(
          `config ${shownSource(pkg)} is not valid JSON, so its "adrLint" settings cannot be read: ` +
            jsonProblem(text!, e as Error),
        );
      data = null;
    }
    const section = (data as { adrLint?: AdrLintConfig } | null)?.adrLint;
    if (section) return resolveConfig(section, pkg);
    const parent = path.dirname(dir);
    if (parent === dir) return resolveConfig({}, null);
    dir = parent;
  }
}
