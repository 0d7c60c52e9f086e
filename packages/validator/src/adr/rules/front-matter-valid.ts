import type { FileRule } from './types.js';

export const frontMatterValid: FileRule = {
  id: 'front-matter-valid',
  severity: 'error',
  docs: 'YAML front matter parses and is a mapping (quote values that contain ": " or start with "{").',
  fixable: false,
  scope: 'file',
  check(doc, _config, report) {
    const e = doc.frontMatterError;
    if (e) report({ line: e.line, column: e.column, message: `invalid YAML front matter: ${e.message}` });
  },
};
