// The script processes.ts forks for a lint child (ADR 0019, 0022), bundled as CommonJS
// (scripts/bundle.mjs). It switches on the compile cache (ADR 0017) before loading the child
// bundle (child.cjs): every child of every large run compiles the parser anew otherwise, about a
// tenth of a second of CPU each before its first file.
// A CommonJS file under verbatimModuleSyntax imports with `import = require`.
/* eslint-disable @typescript-eslint/no-require-imports */
import compileCache = require('@distroless-service/compile-cache/cache');

compileCache.enableCompileCache('distroless-validate', __dirname);
require('./child.cjs');
/* eslint-enable @typescript-eslint/no-require-imports */
