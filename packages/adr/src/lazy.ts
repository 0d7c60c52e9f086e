// The on-demand parts (record reader, dialect detector) are sibling CommonJS bundles in the built
// package, loaded with require: a dynamic import() from CommonJS would start Node's ESM loader
// for them, which costs more than loading them. From source (tests) they are plain ES modules.
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { requireFrom } from './require-here.js';

export function loadPart<T>(name: 'records' | 'detect', fromSource: () => Promise<T>): Promise<T> {
  const bundled = fileURLToPath(new URL(`./${name}.cjs`, import.meta.url));
  if (existsSync(bundled)) return Promise.resolve(requireFrom(import.meta.url)(bundled) as T);
  return fromSource();
}
