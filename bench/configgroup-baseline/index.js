/**
 * The baseline of bench/platform.bench.ts: the Kubernetes objects the platform stack applied,
 * read from one multi-document YAML file (config `objectsFile`), applied with one
 * `yaml.v2.ConfigGroup` (which orders Namespaces and CRDs first) and nothing else. Plain
 * JavaScript, as the root program runs (built): neither pays for a TypeScript compiler.
 */
const k8s = require("@pulumi/kubernetes");
const pulumi = require("@pulumi/pulumi");

const config = new pulumi.Config();
const objects = new k8s.yaml.v2.ConfigGroup("baseline", {
  files: [config.require("objectsFile")],
});

exports.count = objects.resources.apply((rs) => rs.length);
