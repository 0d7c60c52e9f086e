import { github } from './github.js';
import { json } from './json.js';
import { sarif } from './sarif.js';
import { stylish } from './stylish.js';
import type { Reporter } from './types.js';

export type { Reporter, ReporterContext } from './types.js';

export const reporters: Record<string, Reporter> = { stylish, json, sarif, github };
export const formats = Object.keys(reporters);
