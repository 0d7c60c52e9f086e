// --pin-digests: the digest each base image's tag points at now, read from its registry through the
// OCI distribution API (HEAD of the manifest), so the Dockerfile can say `image:tag@sha256:…`.
// Anonymous pulls only: public registries hand out a pull token on the 401 challenge.
import type { ImageSet } from './templates.js';

/**
 * Free Chainguard images have only `latest` tags, which the generated CI's validator refuses unless
 * pinned by digest: a service on them, unpinned, fails its own CI. Generation and `update` both say
 * so; `cause` is what made it so, `remedy` what to do instead.
 */
export function chainguardUnpinned(cause: string, remedy: string): { warning: string; step: string } {
  return {
    warning:
      `warning: ${cause} without --pin-digests: the generated CI fails (distroless-validate reports ` +
      `dockerfile-image-tag errors for the unpinned latest tags); ${remedy}`,
    step: 'npx create-distroless-service update --pin-digests --answers-only  # before CI: pin the images',
  };
}

export class DigestError extends Error {
  override name = 'DigestError';
}

export interface ResolveOptions {
  /**
   * Registry host → base URL to ask instead (`cgr.dev` → `http://127.0.0.1:5000`): a mirror or a
   * local registry holding the same images. Plain http is accepted for loopback addresses only.
   */
  mirrors?: Record<string, string>;
  /** Per request, in milliseconds (default 20 000). */
  timeoutMs?: number;
  fetch?: typeof fetch;
}

export interface ImageName {
  /** As the reference grammar normalises it: `node` → `docker.io`. */
  registry: string;
  /** `library/node`, `chainguard/static`. */
  repository: string;
  tag: string;
}

// The reference grammar's default: a name without a registry part lives on Docker Hub, whose API
// answers on another host than the one references name.
const HUB = 'docker.io';
const HUB_API = 'https://registry-1.docker.io';
const DIGEST = /^sha256:[a-f0-9]{64}$/;
// Every manifest kind a tag can name; an index (multi-platform) is what a multi-arch FROM should pin.
const ACCEPT = [
  'application/vnd.oci.image.index.v1+json',
  'application/vnd.docker.distribution.manifest.list.v2+json',
  'application/vnd.oci.image.manifest.v1+json',
  'application/vnd.docker.distribution.manifest.v2+json',
].join(', ');

/** `cgr.dev/chainguard/node:latest-dev` → its registry, repository and tag. */
export function parseImage(ref: string): ImageName {
  if (ref.includes('@')) throw new DigestError(`${ref} is already pinned by digest`);
  const slash = ref.indexOf('/');
  const first = slash === -1 ? '' : ref.slice(0, slash);
  // The first part names a registry when it looks like a host (a dot, a port, or localhost).
  const hasRegistry = slash !== -1 && (/[.:]/.test(first) || first === 'localhost');
  const registry = hasRegistry ? first : HUB;
  let rest = hasRegistry ? ref.slice(slash + 1) : ref;
  const colon = rest.lastIndexOf(':');
  const tag = colon > rest.lastIndexOf('/') ? rest.slice(colon + 1) : 'latest';
  if (colon > rest.lastIndexOf('/')) rest = rest.slice(0, colon);
  const repository = registry === HUB && !rest.includes('/') ? `library/${rest}` : rest;
  if (!/^[a-z0-9]+(?:[._/-][a-z0-9]+)*$/.test(repository) || !/^[\w][\w.-]{0,127}$/.test(tag))
    throw new DigestError(`${ref} is not an image reference`);
  return { registry, repository, tag };
}

/**
 * What is wrong with a mirror URL, or undefined when it may be asked: https, or plain http on a
 * loopback address only (anything else could be read or changed on the way). The command lines
 * check it while parsing (exit 2); resolveDigest again, for callers of the API.
 */
export function mirrorUrlProblem(mirror: string): string | undefined {
  let url: URL;
  try {
    url = new URL(mirror);
  } catch {
    return 'not a URL';
  }
  const loopback = /^(127\.\d+\.\d+\.\d+|localhost|\[::1\])$/.test(url.hostname);
  if (url.protocol !== 'https:' && !(url.protocol === 'http:' && loopback))
    return 'only https, or http on a loopback address';
  return undefined;
}

function baseUrl(registry: string, mirrors: Record<string, string>): string {
  const mirror = mirrors[registry];
  if (!mirror) return registry === HUB ? HUB_API : `https://${registry}`;
  const problem = mirrorUrlProblem(mirror);
  if (problem) throw new DigestError(`mirror ${mirror}: ${problem}`);
  const url = new URL(mirror);
  return url.origin + url.pathname.replace(/\/$/, '');
}

/** `Bearer realm="…",service="…",scope="…"` → its parameters. */
function challenge(header: string | null): Record<string, string> | null {
  const m = header && /^Bearer\s+(.*)$/i.exec(header.trim());
  if (!m) return null;
  const params: Record<string, string> = {};
  for (const [, key, value] of m[1]!.matchAll(/(\w+)="([^"]*)"/g)) params[key!.toLowerCase()] = value!;
  return params.realm ? params : null;
}

/** The digest the tag of ref names now, `sha256:<hex>`. */
export async function resolveDigest(ref: string, options: ResolveOptions = {}): Promise<string> {
  const image = parseImage(ref);
  const doFetch = options.fetch ?? fetch;
  const timeout = options.timeoutMs ?? 20_000;
  const url = `${baseUrl(image.registry, options.mirrors ?? {})}/v2/${image.repository}/manifests/${image.tag}`;
  const ask = async (target: string, headers: Record<string, string>, method = 'HEAD') => {
    try {
      return await doFetch(target, { method, headers, redirect: 'follow', signal: AbortSignal.timeout(timeout) });
    } catch (error) {
      const cause = (error as { cause?: { code?: string; message?: string } }).cause;
      const why = cause?.code ?? cause?.message ?? (error as Error).message;
      throw new DigestError(`${ref}: ${new URL(target).host} did not answer (${why})`);
    }
  };

  let headers: Record<string, string> = { Accept: ACCEPT };
  let response = await ask(url, headers);
  if (response.status === 401) {
    // Anonymous token for the scope the registry asks for (or pull of this repository).
    const params = challenge(response.headers.get('www-authenticate'));
    if (!params) throw new DigestError(`${ref}: the registry wants credentials (401) and offers no token`);
    const tokenUrl = new URL(params.realm!);
    if (params.service) tokenUrl.searchParams.set('service', params.service);
    tokenUrl.searchParams.set('scope', params.scope ?? `repository:${image.repository}:pull`);
    const token = await ask(tokenUrl.href, {}, 'GET');
    if (!token.ok) throw new DigestError(`${ref}: no pull token (${tokenUrl.host} answered ${token.status})`);
    const body = (await token.json().catch(() => ({}))) as { token?: string; access_token?: string };
    const value = body.token ?? body.access_token;
    if (!value) throw new DigestError(`${ref}: the token endpoint answered without a token`);
    headers = { ...headers, Authorization: `Bearer ${value}` };
    response = await ask(url, headers);
  }
  if (response.status === 404) throw new DigestError(`${ref}: no such image or tag in its registry (404)`);
  if (!response.ok) throw new DigestError(`${ref}: the registry answered ${response.status} ${response.statusText}`);
  const digest = response.headers.get('docker-content-digest');
  if (!digest || !DIGEST.test(digest))
    throw new DigestError(`${ref}: the registry gave no sha256 digest for the manifest (${digest ?? 'none'})`);
  return digest;
}

/** `ref@digest` for the builder and the runtime, asked in parallel. */
export async function pinImages(images: ImageSet, options: ResolveOptions = {}): Promise<ImageSet> {
  const pin = async (ref: string) => `${ref}@${await resolveDigest(ref, options)}`;
  const [builder, runtime] = await Promise.all([pin(images.builder), pin(images.runtime)]);
  return { builder, runtime };
}

/** A pinned image set as the record keeps it: `image:tag` → `sha256:…`. */
export function digestsOf(pinned: ImageSet): Record<string, string> {
  const digests: Record<string, string> = {};
  for (const ref of [pinned.builder, pinned.runtime]) {
    const at = ref.lastIndexOf('@');
    if (at > 0) digests[ref.slice(0, at)] = ref.slice(at + 1);
  }
  return digests;
}

/**
 * `ref@digest` for the builder and the runtime: the recorded digest where `known` has the ref (the
 * same tag as before stays on the same digest; Renovate moves it in the Dockerfile), the registry's
 * current one otherwise (a tag the template moved to).
 */
export async function pinWithKnown(
  images: ImageSet,
  known: Record<string, string>,
  options: ResolveOptions = {},
): Promise<ImageSet> {
  const pin = async (ref: string) => `${ref}@${known[ref] ?? (await resolveDigest(ref, options))}`;
  const [builder, runtime] = await Promise.all([pin(images.builder), pin(images.runtime)]);
  return { builder, runtime };
}
