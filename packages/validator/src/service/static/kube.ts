// Validates rendered objects against the Kubernetes OpenAPI schemas shipped by kubernetes-models
// (one module per kind, loaded on demand). Kinds it does not know (CRDs) are skipped.
import type { KubeSchemaError, Manifest } from './types.js';

interface ModelCtor {
  new (data: unknown): { validate(): void };
}

interface AjvLikeError {
  instancePath?: string;
  message?: string;
  params?: Record<string, unknown>;
}

async function modelFor(apiVersion: string, kind: string): Promise<ModelCtor | null> {
  // Only well-formed names reach the import: an apiVersion is a path segment here.
  if (!/^([a-z0-9.-]+\/)?v\d+([a-z]+\d+)?$/.test(apiVersion) || !/^[A-Z][A-Za-z0-9]*$/.test(kind)) return null;
  try {
    // One module per kind, loaded only for the kinds the chart renders (the package is large).
    const specifier = `kubernetes-models/${apiVersion}/${kind}`;
    const mod = (await import(/* @vite-ignore */ specifier)) as Record<string, unknown>;
    const ctor = mod[kind];
    return typeof ctor === 'function' ? (ctor as ModelCtor) : null;
  } catch {
    return null;
  }
}

export async function validateManifests(manifests: Manifest[]): Promise<KubeSchemaError[]> {
  const errors: KubeSchemaError[] = [];
  for (const manifest of manifests) {
    const { apiVersion, kind } = manifest.object;
    if (typeof apiVersion !== 'string' || typeof kind !== 'string') {
      errors.push({ manifest, pointer: '', message: 'the object has no apiVersion or kind' });
      continue;
    }
    const Model = await modelFor(apiVersion, kind);
    if (!Model) continue;
    try {
      new Model(manifest.object).validate();
    } catch (e) {
      const list = (e as { errors?: AjvLikeError[] }).errors;
      if (!Array.isArray(list)) {
        errors.push({ manifest, pointer: '', message: (e as Error).message });
        continue;
      }
      for (const err of list) {
        const extra =
          err.params && 'additionalProperty' in err.params ? `/${String(err.params.additionalProperty)}` : '';
        errors.push({ manifest, pointer: `${err.instancePath ?? ''}${extra}`, message: err.message ?? 'invalid' });
      }
    }
  }
  return errors;
}
