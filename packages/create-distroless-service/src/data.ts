// Everything a template can read: the answers plus values derived from them.
import { GENERATOR } from '@distroless-service/record';
import type { Answers } from './answers.js';
import type { ImageSet, TemplateSet } from './templates.js';

// preStop sleep + app delay + app timeout must fit inside the grace period (margin 5 s).
const SHUTDOWN = { delaySeconds: 5, timeoutSeconds: 20, preStopSeconds: 5, gracePeriodSeconds: 35 };

export interface TemplateData extends Answers {
  ownerRef: string;
  codeowner: string | null;
  isNode: boolean;
  isGo: boolean;
  isPython: boolean;
  /** A Node service on Fastify (--framework fastify); its own files are in templates/node-fastify/. */
  isFastify: boolean;
  isChainguard: boolean;
  /** The Go service's module path (go.mod): its name, unless Go keeps that name for itself. */
  goModule: string;
  images: ImageSet;
  /** What the Dockerfile's FROM lines name: images, with `@sha256:…` when --pin-digests resolved them. */
  from: ImageSet;
  /** True when `from` carries digests. */
  pinned: boolean;
  /** Toolchain versions CI tests with: those of the distroless builder images (golang:1.27-…). */
  toolchain: { go: string; node: string; python: string };
  shutdown: typeof SHUTDOWN;
  date: string;
  templateVersion: string;
  /** The validator release a generated CI installs: released in lockstep with the templates (Changesets `fixed`). */
  validatorVersion: string;
  generator: string;
}

export function templateData(
  answers: Answers,
  templates: TemplateSet,
  today = new Date(),
  pinned?: ImageSet,
): TemplateData {
  const images = templates.images[answers.lang][answers.base];
  return {
    ...answers,
    // Callers of the library API from before --adr-status pass no status: nobody has decided yet.
    adrStatus: answers.adrStatus ?? 'proposed',
    // Callers of the library API from before --framework pass none: a Node service is on node:http.
    framework: answers.lang === 'node' ? (answers.framework ?? 'http') : undefined,
    ownerRef: ownerRef(answers.owner),
    codeowner: codeowner(answers.owner),
    isNode: answers.lang === 'node',
    isGo: answers.lang === 'go',
    isPython: answers.lang === 'python',
    isFastify: answers.framework === 'fastify',
    isChainguard: answers.base === 'chainguard',
    goModule: goModulePath(answers.name),
    images,
    from: pinned ?? images,
    pinned: Boolean(pinned),
    toolchain: toolchain(templates),
    shutdown: { ...SHUTDOWN },
    date: today.toISOString().slice(0, 10),
    templateVersion: templates.version,
    validatorVersion: templates.version,
    generator: GENERATOR,
  };
}

// First path elements Go keeps: the meta-packages of `go help packages`, words go.mod reads as
// directives, and the standard library's top-level directories (`go list std`, Go 1.26; a
// toolchain test compares them with the Go on the machine). A module named one of them does not build.
const GO_RESERVED = new Set(
  [
    'all cmd std tool go toolchain builtin',
    'archive bufio bytes cmp compress container context crypto database debug embed encoding errors',
    'expvar flag fmt hash html image index internal io iter log maps math mime net os path plugin',
    'reflect regexp runtime slices sort strconv strings structs sync syscall testing text time',
    'unicode unique unsafe vendor weak',
  ]
    .join(' ')
    .split(' '),
);

/**
 * `module <name>`, or `example/<name>` where Go keeps the bare name (std, cmd, fmt, …): the Go
 * modules reference reserves the first element `example` for self-contained modules, and the
 * binary `go build .` writes is still named after the last element, `<name>`.
 */
export function goModulePath(name: string): string {
  return GO_RESERVED.has(name) ? `example/${name}` : name;
}

/** The version in a builder tag: golang:1.27-trixie → 1.27, node:24-trixie-slim → 24. */
function toolchain(templates: TemplateSet): TemplateData['toolchain'] {
  const version = (lang: 'go' | 'node' | 'python') => {
    const ref = templates.images[lang].distroless.builder;
    const v = /:(\d+(?:\.\d+)?)/.exec(ref)?.[1];
    if (!v) throw new Error(`images.json: no version in the ${lang} builder ${ref}`);
    return v;
  };
  return { go: version('go'), node: version('node'), python: version('python') };
}

// A Backstage entity reference, [kind:][namespace/]name, each part at most 63 characters: the name
// letters and digits with '-', '_' or '.' between them, the namespace lowercase letters and digits
// with '-'. An owner's kind is user or group (Group when left out).
const ENTITY_NAME = /^[A-Za-z0-9]+(?:[-_.][A-Za-z0-9]+)*$/;
const ENTITY_REF = /^(?:(?:[Uu]ser|[Gg]roup):)?(?:([a-z0-9]+(?:-[a-z0-9]+)*)\/)?([^:/]+)$/;

function isEntityName(text: string): boolean {
  return text.length <= 63 && ENTITY_NAME.test(text);
}

function isOwnerRef(text: string): boolean {
  const m = ENTITY_REF.exec(text);
  return m !== null && (m[1] ?? '').length <= 63 && isEntityName(m[2]!);
}

/** `text` when it is a Backstage entity name, else a slug of it (`Payments Team` → `payments-team`). */
function entityName(text: string): string {
  if (isEntityName(text)) return text;
  const slug = text
    .toLowerCase()
    .normalize('NFKD')
    // The accents NFKD splits off go: É → e, not e-.
    .replace(/\p{M}+/gu, '')
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 63)
    .replace(/-+$/, '');
  return slug || 'unknown';
}

/**
 * The owner as the Backstage entity reference of spec.owner, named as Backstage's GitHub org import
 * names users and teams: `@alice` → `user:alice` (the login), `@acme/payments` → `group:payments`
 * (the team's slug); an e-mail → `user:<local part>` (as the e-mail sign-in resolver names users).
 * A reference already (`platform-team`, `group:default/x`, `user:alice`) is kept as written; other
 * text becomes a group name: `Payments Team` → `payments-team`. CODEOWNERS keeps the `@` form.
 */
export function ownerRef(owner: string): string {
  if (isOwnerRef(owner)) return owner;
  const github = /^@([^/\s]+)(?:\/(.+))?$/.exec(owner);
  if (github) return github[2] === undefined ? `user:${entityName(github[1]!)}` : `group:${entityName(github[2])}`;
  const email = /^([^@\s]+)@[^@\s]+\.[^@\s]+$/.exec(owner);
  if (email) return `user:${entityName(email[1]!)}`;
  return entityName(owner);
}

/** The owner when CODEOWNERS can use it as is: @user, @org/team or an e-mail address. */
export function codeowner(owner: string): string | null {
  if (/^@[A-Za-z0-9](?:[A-Za-z0-9-]*)(?:\/[A-Za-z0-9._-]+)?$/.test(owner)) return owner;
  if (/^[^@\s]+@[^@\s]+\.[^@\s]+$/.test(owner)) return owner;
  return null;
}
