// Removes a build output directory before a build, so that a deleted source file leaves no stale
// .js behind (mocha would still run a deleted test; npm pack would still ship a deleted module).
// Usage: node scripts/clean.js DIR (relative to the repository root).
const fs = require("fs");
const path = require("path");

const dir = process.argv[2];
if (!dir || path.isAbsolute(dir) || dir.includes("..")) {
  console.error("usage: node scripts/clean.js DIR (a directory of the repository)");
  process.exit(2);
}
fs.rmSync(path.join(__dirname, "..", dir), { recursive: true, force: true });
