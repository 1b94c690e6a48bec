/**
 * Examples import the package entry point, `kruise-devops`: in the tests, the components just
 * built (`.build/components`). Imported for its effect, before any example.
 */
// eslint-disable-next-line @typescript-eslint/no-require-imports
const Module = require("module") as {
  _resolveFilename: (req: string, ...rest: unknown[]) => string;
};
const resolve = Module._resolveFilename;
const ENTRY = require.resolve("../../components");
if (!(resolve as { kruiseDevops?: boolean }).kruiseDevops) {
  const hooked = function (this: unknown, request: string, ...rest: unknown[]) {
    if (request === "kruise-devops") return ENTRY;
    return resolve.call(this, request, ...rest);
  };
  (hooked as { kruiseDevops?: boolean }).kruiseDevops = true;
  Module._resolveFilename = hooked;
}
export {};
