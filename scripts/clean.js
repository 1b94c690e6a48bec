// Removes a build output directory before a build, so that a deleted source file leaves no stale
// .js behind (mocha would still run a deleted test; npm pack would still ship a deleted module).
// Usage: node scripts/clean.js DIR... (relative to the repository root).
const fs = require("fs");
const path = require("path");

const dirs = process.argv.slice(2);
if (dirs.length === 0 || dirs.some((d) => path.isAbsolute(d) || d.includes(".."))) {
  console.error("usage: node scripts/clean.js DIR... (directories of the repository)");
  process.exit(2);
}
for (const dir of dirs)
  fs.rmSync(path.join(__dirname, "..", dir), { recursive: true, force: true });
