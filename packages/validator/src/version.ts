import { readFileSync } from 'node:fs';

// Both src/ and dist/ sit one level below package.json.
export const version: string = (() => {
  try {
    return (JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as { version: string })
      .version;
  } catch {
    return '0.0.0';
  }
})();
