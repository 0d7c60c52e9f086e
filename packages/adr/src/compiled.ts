// Precompiled built-in templates by name. Empty when running from source (tests), where templates
// compile at load; the package build replaces this module with the precompiled specs.
import type { TemplateSpec } from './render.js';

const compiled: Record<string, TemplateSpec> = {};
export default compiled;
