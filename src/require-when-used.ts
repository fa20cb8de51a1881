import { createRequire } from 'node:module';

/**
 * Loads what only some runs need, when they need it: an import would load it at every start.
 * (An `import()` would do for bundled code, but an `import()` of a Node built-in or an external
 * package stays an ES import, which the CLI, run from a V8 code cache by `vm.Script`, cannot make.)
 */
export const requireWhenUsed = createRequire(import.meta.url);
