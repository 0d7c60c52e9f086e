/**
 * A require that resolves from `url`'s folder (pass `import.meta.url`). In the CommonJS bundles
 * (the published package) it is the bundle's own, whose folder is the same: createRequire would
 * load node:module on every run (issue 15). From source (tests) it is made from the URL.
 */
export function requireFrom(url: string): NodeJS.Require {
  return typeof require === 'function' ? require : process.getBuiltinModule('node:module').createRequire(url);
}
