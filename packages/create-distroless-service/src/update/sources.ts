// Where a template version comes from: this generator's own templates, a local folder or tarball,
// or the published package of that version, fetched with the machine's npm (its registry and
// credentials) and kept in a cache so each version is fetched once.
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { GENERATOR } from '@distroless-service/record';
import { checkTemplateTree, locateTemplates, TemplateFileError, type TemplateSet } from '../templates.js';
import { FileReadError, readFileBounded } from '../write.js';
import { run } from './run.js';

export interface TemplateSource {
  templates: TemplateSet;
  /** How messages name it: `0.2.0`, `0.2.0 (./templates)`. */
  label: string;
  /** This generator's own templates (may use their precompiled form). */
  own: boolean;
}

export class SourceError extends Error {
  override name = 'SourceError';
}

const VERSION = /^v?\d+\.\d+\.\d+(?:-[0-9A-Za-z.-]+)?(?:\+[0-9A-Za-z.-]+)?$/;
const DIST_TAG = /^[a-z][a-z0-9._-]*$/i;

export function ownSource(): TemplateSource {
  const templates = locateTemplates();
  return { templates, label: templates.version, own: true };
}

/** The cache folder: $CREATE_DISTROLESS_SERVICE_CACHE, else $XDG_CACHE_HOME or ~/.cache, /create-distroless-service. */
export function cacheRoot(): string {
  if (process.env.CREATE_DISTROLESS_SERVICE_CACHE) return path.resolve(process.env.CREATE_DISTROLESS_SERVICE_CACHE);
  const base = process.env.XDG_CACHE_HOME || path.join(os.homedir(), '.cache');
  return path.join(base, GENERATOR);
}

export function isPathSpec(spec: string): boolean {
  return /[\\/]/.test(spec) || spec.startsWith('.') || spec.startsWith('~') || /\.(tgz|tar\.gz)$/.test(spec);
}

/**
 * A version (`0.2.0`, `latest`) or a path (relative to the current directory): a templates folder
 * (holding images.json), an unpacked package, or a package tarball. npm runs in `cwd`, so that
 * folder's .npmrc applies.
 */
export async function resolveSource(
  spec: string,
  cwd: string,
  npm = 'npm',
  /** The option that names these templates by path, for the message when npm cannot fetch them. */
  flag?: '--from' | '--to',
): Promise<TemplateSource> {
  if (isPathSpec(spec)) {
    const full = path.resolve(spec.replace(/^~(?=$|[\\/])/, os.homedir()));
    let stat: fs.Stats;
    try {
      stat = fs.statSync(full);
    } catch {
      throw new SourceError(`template source ${spec} does not exist`);
    }
    if (stat.isDirectory()) return fromFolder(full, spec);
    if (!stat.isFile()) throw new SourceError(`template source ${spec} is neither a folder nor a package tarball file`);
    return fromFolder(await unpack(full, path.join(cacheRoot(), 'tarballs', await fileHash(full))), spec);
  }
  if (!VERSION.test(spec) && !DIST_TAG.test(spec)) {
    throw new SourceError(`"${spec}" is neither a version (like 0.2.0), a dist-tag (like latest) nor a path`);
  }
  const exact = VERSION.test(spec) ? spec.replace(/^v/, '') : null;
  if (exact && exists(path.join(cacheRoot(), 'versions', exact, 'package'))) {
    return fromFolder(path.join(cacheRoot(), 'versions', exact, 'package'), exact, exact);
  }
  const { version, tarball, scratch } = await npmPack(`${GENERATOR}@${exact ?? spec}`, cwd, npm, flag);
  try {
    const folder = path.join(cacheRoot(), 'versions', version);
    if (!exists(path.join(folder, 'package'))) await unpack(tarball, folder);
    return fromFolder(path.join(folder, 'package'), version, version);
  } finally {
    fs.rmSync(scratch, { recursive: true, force: true });
  }
}

function fromFolder(dir: string, spec: string, version?: string): TemplateSource {
  // A templates folder itself, or a package (unpacked tarball, a checkout) that ships them in dist/.
  const candidates = [dir, path.join(dir, 'dist', 'templates'), path.join(dir, 'package', 'dist', 'templates')];
  const root = candidates.find((c) => exists(path.join(c, 'images.json')));
  if (!root) throw new SourceError(`${spec} holds no templates (no images.json, nor dist/templates/images.json)`);
  let templates: TemplateSet;
  try {
    // Before any read: a FIFO would hang it, a link to /dev/zero exhaust memory (a folder's, or a tarball's links).
    checkTemplateTree(root);
    if (!version && root !== dir) {
      // The package's own version names its templates, as the generator records it.
      version = readVersion(path.join(root, '..', '..', 'package.json'));
    }
    version ??= readVersion(path.join(root, 'package.json')) ?? 'local';
    templates = locateTemplates(root, version);
  } catch (error) {
    if (!(error instanceof TemplateFileError)) throw error;
    throw new SourceError(`template source ${spec}: ${path.relative(dir, error.file)} ${error.reason}`);
  }
  const label = VERSION.test(spec) ? version : `${version} (${spec})`;
  return { templates, label, own: false };
}

/** Never blocking, bounded: a template source is a path the user names. */
const MAX_PACKAGE_JSON_BYTES = 1024 * 1024;
const MAX_TARBALL_BYTES = 256 * 1024 * 1024;

function readVersion(file: string): string | undefined {
  try {
    const text = readFileBounded(file, MAX_PACKAGE_JSON_BYTES).toString('utf8');
    const version = (JSON.parse(text) as { version?: unknown }).version;
    return typeof version === 'string' ? version : undefined;
  } catch {
    return undefined;
  }
}

async function npmPack(spec: string, cwd: string, npm: string, flag?: string) {
  const scratch = fs.mkdtempSync(path.join(os.tmpdir(), 'cds-pack-'));
  // Run where the service is, so its .npmrc (a private registry, credentials) applies.
  const r = await run(npm, ['pack', spec, '--json', '--ignore-scripts', '--pack-destination', scratch], cwd).catch(
    (error: Error) => {
      fs.rmSync(scratch, { recursive: true, force: true });
      throw new SourceError(`cannot run npm to fetch ${spec}: ${error.message}`);
    },
  );
  if (r.code !== 0) {
    fs.rmSync(scratch, { recursive: true, force: true });
    throw new SourceError(
      `npm could not fetch ${spec} (${npmReason(r.stdout.toString(), r.stderr.toString()).replace(/\.$/, '')}); ` +
        `name the templates by path instead: ${flag ? `pass ${flag} <templates folder|tarball>` : 'a templates folder or a package tarball'}`,
    );
  }
  let packed: { version: string; filename: string };
  try {
    packed = (JSON.parse(r.stdout.toString()) as { version: string; filename: string }[])[0]!;
  } catch {
    fs.rmSync(scratch, { recursive: true, force: true });
    throw new SourceError(`npm pack ${spec} printed no package description`);
  }
  return { version: packed.version, tarball: path.join(scratch, path.basename(packed.filename)), scratch };
}

/** npm's reason from its --json error object (stdout), else its first error line. */
function npmReason(stdout: string, stderr: string): string {
  try {
    const { error } = JSON.parse(stdout) as { error?: { code?: string; summary?: string; detail?: string } };
    const text = (error?.detail || error?.summary || '').split('\n')[0];
    if (error && text) return `${error.code ? `${error.code}: ` : ''}${text}`;
  } catch {
    // not JSON: fall back to stderr
  }
  const line = stderr.split('\n').find((l) => /error/i.test(l) && !/complete log/i.test(l));
  return line?.replace(/^npm (error|ERR!)\s*/, '').trim() || 'no reason given';
}

/** Unpacks a tarball into dest (which must not exist yet), atomically: a half-unpacked cache entry is never seen. */
async function unpack(tarball: string, dest: string): Promise<string> {
  if (exists(dest)) return dest;
  fs.mkdirSync(path.dirname(dest), { recursive: true });
  const tmp = fs.mkdtempSync(`${dest}.tmp-`);
  try {
    const { x } = await import('tar');
    // tar refuses absolute paths and `..` in entries, so a hostile tarball stays inside tmp.
    await x({ file: tarball, cwd: tmp, strict: true });
    try {
      fs.renameSync(tmp, dest);
    } catch (error) {
      // Another run filled the same entry first: use theirs.
      if (!exists(dest)) throw error;
    }
  } catch (error) {
    throw new SourceError(`cannot unpack ${tarball}: ${(error as Error).message}`);
  } finally {
    fs.rmSync(tmp, { recursive: true, force: true });
  }
  return dest;
}

async function fileHash(file: string): Promise<string> {
  let data: Buffer;
  try {
    data = readFileBounded(file, MAX_TARBALL_BYTES);
  } catch (error) {
    if (!(error instanceof FileReadError)) throw error;
    throw new SourceError(`template source ${file} ${error.code ? `cannot be read: ${error.message}` : error.message}`);
  }
  return createHash('sha256').update(data).digest('hex').slice(0, 32);
}

function exists(file: string): boolean {
  return fs.existsSync(file);
}
