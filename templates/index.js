// Where the templates live, and the versions a generated service records.
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

export const templateDir = fileURLToPath(new URL('.', import.meta.url));
export const { version } = JSON.parse(readFileSync(new URL('./package.json', import.meta.url), 'utf8'));
export const images = JSON.parse(readFileSync(new URL('./images.json', import.meta.url), 'utf8'));
export const languages = ['node', 'go', 'python'];
