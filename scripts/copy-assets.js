#!/usr/bin/env node
// Copies the non-TypeScript files the components read at run time (Argo CD health-check Lua)
// next to the compiled JavaScript: `node scripts/copy-assets.js <outDir> [<prefix>]` copies
// components/<path>/*.lua to <outDir>/<prefix>/<path>/*.lua.
"use strict";
const fs = require("fs");
const path = require("path");

const [outDir, prefix = ""] = process.argv.slice(2);
if (!outDir) {
  console.error("usage: copy-assets.js <outDir> [<prefix>]");
  process.exit(2);
}
const root = path.join(__dirname, "..", "components");
function walk(dir) {
  for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) walk(p);
    else if (e.name.endsWith(".lua")) {
      const dest = path.join(outDir, prefix, path.relative(root, p));
      fs.mkdirSync(path.dirname(dest), { recursive: true });
      fs.copyFileSync(p, dest);
    }
  }
}
walk(root);
