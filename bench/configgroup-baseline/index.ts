/**
 * The baseline of bench/platform.bench.ts: the Kubernetes objects the platform stack applied,
 * read from one multi-document YAML file (config `objectsFile`), applied with one
 * `yaml.v2.ConfigGroup` (which orders Namespaces and CRDs first) and nothing else.
 */
import * as k8s from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";

const config = new pulumi.Config();
const objects = new k8s.yaml.v2.ConfigGroup("baseline", {
  files: [config.require("objectsFile")],
});

export const count = objects.resources.apply((rs) => rs.length);
