// What an image reference says about the runtime: language versions, static-ness, allowed bases.
import { repoOf } from './dockerfile.js';
import type { ImageRef, Stage } from './types.js';

export const DEFAULT_ALLOWED_BASES = ['gcr.io/distroless/', 'cgr.dev/chainguard/'];

export function isAllowedBase(ref: ImageRef, allowed: string[]): boolean {
  const full = repoOf(ref);
  return allowed.some(
    (p) => full === p.replace(/\/$/, '') || full.startsWith(p.endsWith('/') ? p : `${p}/`) || full === p,
  );
}

/** No libc in the image: a cgo binary cannot run there. */
export function isStaticBase(ref: ImageRef): boolean {
  const full = repoOf(ref);
  return (
    full === 'scratch' ||
    /^gcr\.io\/distroless\/static(-debian\d+)?$/.test(full) ||
    full === 'cgr.dev/chainguard/static'
  );
}

/** Floating tags: `latest` and Chainguard's `latest-dev`/`latest-glibc`. */
export function isLatestTag(tag: string | null): boolean {
  return tag !== null && /^latest(-|$)/.test(tag);
}

/**
 * How an external FROM floats: `untagged` (no tag means latest) or `latest` (a floating tag); null
 * when it does not. Stage aliases, scratch, digest pins and unresolved build args do not, as in
 * hadolint. dockerfile-image-tag reports a floating FROM as an error, and dockerfile-digest-pin
 * leaves it to that error.
 */
export function floatingFrom(s: Stage): 'untagged' | 'latest' | null {
  const ref = s.from;
  if (s.parent || ref.raw.toLowerCase() === 'scratch' || ref.digest || ref.variable) return null;
  if (!ref.tag) return 'untagged';
  return isLatestTag(ref.tag) ? 'latest' : null;
}

// Debian release → the python3 the distroless python image ships (Debian's python3).
const DEBIAN_PYTHON: Record<string, string> = { '11': '3.9', '12': '3.11', '13': '3.13' };

export interface VersionInfo {
  version: string | null;
  /** Why the version is unknown, when it is. */
  unknown?: string;
}

export function pythonRuntimeVersion(ref: ImageRef): VersionInfo {
  const full = repoOf(ref);
  const d = /^gcr\.io\/distroless\/python3-debian(\d+)$/.exec(full);
  if (d)
    return DEBIAN_PYTHON[d[1]!]
      ? { version: DEBIAN_PYTHON[d[1]!]! }
      : { version: null, unknown: `unknown Debian release ${d[1]}` };
  if (full === 'gcr.io/distroless/python3') return { version: DEBIAN_PYTHON['13']! };
  return versionFromTag(ref, /^(\d+\.\d+)/);
}

export function pythonBuilderVersion(ref: ImageRef): VersionInfo {
  return versionFromTag(ref, /^(\d+\.\d+)/);
}

export function nodeRuntimeMajor(ref: ImageRef): VersionInfo {
  const m = /^gcr\.io\/distroless\/nodejs(\d+)(-debian\d+)?$/.exec(repoOf(ref));
  if (m) return { version: m[1]! };
  return versionFromTag(ref, /^(\d+)/);
}

export function nodeBuilderMajor(ref: ImageRef): VersionInfo {
  return versionFromTag(ref, /^v?(\d+)/);
}

function versionFromTag(ref: ImageRef, re: RegExp): VersionInfo {
  if (ref.variable) return { version: null, unknown: `'${ref.raw}' is set by a build argument` };
  const m = ref.tag ? re.exec(ref.tag) : null;
  if (m) return { version: m[1]! };
  return {
    version: null,
    unknown: `the tag of '${ref.raw}' names no version${isLatestTag(ref.tag) || !ref.tag ? ' (latest moves)' : ''}`,
  };
}

/** The builder's and the runtime's version of a language, read from their image references. */
export interface VersionPair {
  builder: ImageRef;
  runtime: ImageRef;
  builderVersion: VersionInfo;
  runtimeVersion: VersionInfo;
}

const VERSION_READERS = {
  node: { runtime: nodeRuntimeMajor, builder: nodeBuilderMajor },
  python: { runtime: pythonRuntimeVersion, builder: pythonBuilderVersion },
};

export function versionPair(language: keyof typeof VERSION_READERS, builder: ImageRef, runtime: ImageRef): VersionPair {
  const read = VERSION_READERS[language];
  return { builder, runtime, builderVersion: read.builder(builder), runtimeVersion: read.runtime(runtime) };
}

/** Why the two versions cannot be compared, or null when both are known. */
export function unknownVersions({ builderVersion: bv, runtimeVersion: rv }: VersionPair): string | null {
  if (rv.version && bv.version) return null;
  return [rv.unknown && `runtime: ${rv.unknown}`, bv.unknown && `builder: ${bv.unknown}`].filter(Boolean).join('; ');
}
