// npm `prepack`: the kubernetesx the package bundles (bundleDependencies) declares the peer range
// this package tests it with. kubernetesx 0.1.6, its last release, declares a peer of
// @pulumi/kubernetes ^3; every user of this package has @pulumi/kubernetes 4, with which the
// suite runs it (CloneSet's podSpec shorthand, kubernetesx's PodBuilder). Bundled as published,
// `npm ls` in a user's project reports it "invalid"; as a dependency, `npm install` warns
// "ERESOLVE overriding peer dependency". So the bundled copy's package.json (and nothing else)
// names ^3 || ^4. Runs on the installed copy in node_modules, which `npm ci` restores.
const fs = require("fs");
const path = require("path");

const file = path.join(__dirname, "..", "node_modules", "@pulumi", "kubernetesx", "package.json");
const pkg = JSON.parse(fs.readFileSync(file, "utf8"));
if (pkg.version !== "v0.1.6") {
  throw new Error(
    `bundle-kubernetesx: expected @pulumi/kubernetesx v0.1.6, found ${pkg.version}: check its peer ranges and update this script`,
  );
}
const wanted = "^3.0.0 || ^4.0.0";
if (pkg.peerDependencies["@pulumi/kubernetes"] !== wanted) {
  pkg.peerDependencies["@pulumi/kubernetes"] = wanted;
  fs.writeFileSync(file, JSON.stringify(pkg, null, 2) + "\n");
}
