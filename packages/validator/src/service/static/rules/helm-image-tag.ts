import { parseImageRef } from '../dockerfile.js';
import { isLatestTag } from '../images.js';
import { ruleMeta } from '../../../core/index.js';
import type { StaticRule } from '../types.js';
import { asObj, chartMessage, locate, valuesValue, workloads } from '../workloads.js';

const goodTag = (t: unknown) =>
  (typeof t === 'string' || typeof t === 'number') && String(t) !== '' && !isLatestTag(String(t));
const goodDigest = (d: unknown) => typeof d === 'string' && d !== '';

/**
 * How values.yaml's `image` pins a version, if it does (a digest, a tag, or a whole reference): then a
 * rendered image without one is the template's fault. Null when it does not.
 */
function valuesPin(image: unknown): { path: string[]; render: string } | null {
  if (typeof image === 'string') {
    const ref = parseImageRef(image);
    return ref.digest || goodTag(ref.tag) ? { path: ['image'], render: 'image: {{ .Values.image | quote }}' } : null;
  }
  const o = asObj(image);
  if (goodDigest(o?.digest))
    return {
      path: ['image', 'digest'],
      render: 'image: "{{ .Values.image.repository }}@{{ .Values.image.digest }}"',
    };
  if (goodTag(o?.tag))
    return { path: ['image', 'tag'], render: 'image: "{{ .Values.image.repository }}:{{ .Values.image.tag }}"' };
  return null;
}

export const helmImageTag: StaticRule = {
  meta: ruleMeta('service', {
    id: 'helm-image-tag',
    severity: 'error',
    docs: 'Rendered container images name a version tag or digest, never `latest` or nothing.',
    fixable: false,
  }),
  check(ctx, { report }) {
    const pin = valuesPin(valuesValue(ctx, ['image']));
    for (const w of workloads(ctx)) {
      for (const c of [...w.containers]) {
        if (typeof c.image !== 'string') continue;
        const ref = parseImageRef(c.image);
        if (ref.digest) continue;
        if (!ref.tag || isLatestTag(ref.tag) || ref.tag === '') {
          // values.yaml is at fault unless it pins a version the template does not use.
          const l = locate(
            ctx,
            pin ? [pin.path, ['image', 'tag'], ['image']] : [['image', 'tag'], ['image']],
            w.manifest,
            /^\s*image:/,
            pin ? () => true : undefined,
          );
          const problem = ref.tag ? `'${ref.tag}' moves` : 'no tag means latest';
          const fix = 'set image.tag to the release version (or image.digest to sha256:…)';
          report({
            file: l.file,
            line: l.line,
            message:
              `${w.kind} ${w.name}, container ${String(c.name)} runs '${c.image}': ` +
              (l.unused ? chartMessage(l, problem, fix, { render: pin?.render }) : `${problem}; ${fix}`),
          });
        }
      }
    }
  },
};
