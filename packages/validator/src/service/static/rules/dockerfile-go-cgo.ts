import { baseImage, runCommand } from '../dockerfile.js';
import { isStaticBase } from '../images.js';
import { ruleMeta } from '../../../core/index.js';
import type { StaticRule } from '../types.js';

export const dockerfileGoCgo: StaticRule = {
  meta: ruleMeta('service', {
    id: 'dockerfile-go-cgo',
    severity: 'error',
    docs:
      'Go on a static base (distroless static, Chainguard static, scratch) builds with CGO_ENABLED=0: a cgo binary ' +
      'has no libc there.',
    fixable: false,
  }),
  check(ctx, { report }) {
    const d = ctx.docker;
    if (!d || ctx.language !== 'go' || !isStaticBase(baseImage(d.final))) return;
    // The last setting before (or on) the go build line wins, as in the shell.
    let cgo: string | null = null;
    let buildLine: number | null = null;
    for (const s of d.builderChain) {
      for (const i of s.instructions) {
        if (i.keyword === 'ENV' || i.keyword === 'ARG') {
          const m = /(?:^|\s)CGO_ENABLED(?:=|\s+)["']?(\w*)/.exec(i.args);
          if (m) cgo = m[1] ?? '';
        } else if (i.keyword === 'RUN') {
          const cmd = runCommand(i);
          const isBuild = /\bgo\s+(build|install)\b/.test(cmd);
          const m = /(?:^|[\s;&|(])(?:export\s+)?CGO_ENABLED=["']?(\w*)/.exec(cmd);
          if (m) cgo = m[1] ?? '';
          if (isBuild) {
            buildLine ??= i.line;
            if (cgo !== '0') {
              report({
                file: d.file,
                line: i.line,
                message:
                  `go build without CGO_ENABLED=0 while the final image ('${baseImage(d.final).raw}') has no libc: ` +
                  `add ENV CGO_ENABLED=0 in the builder (or run CGO_ENABLED=0 go build …); if you need cgo, use ` +
                  `gcr.io/distroless/base-debian13 instead`,
              });
              return;
            }
          }
        }
      }
    }
    if (buildLine === null && cgo !== '0') {
      const at = d.builder?.fromLine ?? d.final.fromLine;
      report({
        file: d.file,
        line: at,
        message:
          'no `go build` with CGO_ENABLED=0 found in the builder stage while the final image is static: add ENV ' +
          'CGO_ENABLED=0 before go build',
      });
    }
  },
};
