// What a CLI bundle tells its bin's compile cache (cache.ts) about the run: which kind of run it
// was (`new`, `help`, `scaffold`). V8's code cache holds the functions of the runs that made it, so
// an entry made by `--help` alone would leave every later `new` compiling its own code on each run;
// the cache adds a run's code to the entry once per kind it has not seen. A no-op where the bundle
// runs without the bin (tests from source, the library).

/** A property of `process`: the bin and the CLI are separate bundles. Symbol.for, so both see it. */
export const KIND_HOOK = Symbol.for('@distroless-service/compile-cache.run-kind');

/**
 * Names this run's kind, once the run has done its work (a run that fails half-way holds less of
 * it); a run names none when it only reports bad input.
 */
export function runKind(kind: string): void {
  const hook = (process as unknown as Record<symbol, ((kind: string) => void) | undefined>)[KIND_HOOK];
  hook?.(kind);
}
