import { rules } from '../rules/index.js';
import type { Reporter } from './types.js';

const SCHEMA = 'https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json';

function pascal(id: string): string {
  return id.replace(/(^|-)([a-z])/g, (_, _d: string, c: string) => c.toUpperCase());
}

function uri(file: string): string {
  return file.split('/').map(encodeURIComponent).join('/');
}

/** SARIF 2.1.0 as GitHub code scanning reads it: one run, rules in the driver, relative URIs. */
export const sarif: Reporter = (results, ctx) => {
  const index = new Map(rules.map((r, i) => [r.id, i]));
  const log = {
    $schema: SCHEMA,
    version: '2.1.0',
    runs: [
      {
        tool: {
          driver: {
            name: 'distroless-validate-adr',
            semanticVersion: ctx.version,
            rules: rules.map((r) => ({
              id: r.id,
              name: pascal(r.id),
              shortDescription: { text: r.docs },
              fullDescription: { text: r.docs },
              help: { text: `${r.docs}${r.fixable ? ' Fixable with --fix.' : ''}` },
              defaultConfiguration: { level: r.severity },
              properties: { fixable: r.fixable, tags: ['adr', 'documentation'] },
            })),
          },
        },
        columnKind: 'utf16CodeUnits',
        originalUriBaseIds: { '%SRCROOT%': { description: { text: 'The directory the linter ran in' } } },
        results: results.flatMap((r) =>
          r.messages.map((m) => ({
            ruleId: m.ruleId,
            ruleIndex: index.get(m.ruleId) ?? 0,
            level: m.severity,
            message: { text: m.message },
            locations: [
              {
                physicalLocation: {
                  artifactLocation: { uri: uri(r.file), uriBaseId: '%SRCROOT%' },
                  region: { startLine: Math.max(1, m.line), startColumn: Math.max(1, m.column) },
                },
              },
            ],
          })),
        ),
      },
    ],
  };
  return `${JSON.stringify(log, null, 2)}\n`;
};
