/** The `.dockerconfigjson` of a registry login. Pure. */
import { z } from "zod";
import { ruleIssue } from "../common/errors";

/** The key Docker, kaniko and the kubelet all use for Docker Hub. */
export const DOCKER_HUB_KEY = "https://index.docker.io/v1/";

const DOCKER_HUB_ALIASES = new Set([
  "docker.io",
  "index.docker.io",
  "registry-1.docker.io",
  "https://docker.io",
  "https://index.docker.io",
  "https://index.docker.io/v1/",
  "https://registry-1.docker.io",
]);

/** A registry host (`ghcr.io`, `registry.example.com:5000`), optionally as an https URL. */
const REGISTRY =
  /^(https?:\/\/)?([a-z0-9]([-a-z0-9]*[a-z0-9])?)(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*(:\d{1,5})?(\/[^\s]*)?$/i;

/** `registry`: a registry host or URL. */
export const registrySchema = z.string().refine((r) => REGISTRY.test(r), {
  ...ruleIssue(
    "is not a registry host",
    "a .dockerconfigjson `auths` key is a registry host[:port] (or its https URL), matched against the image's domain",
    'give e.g. "ghcr.io", "registry.example.com:5000" or "docker.io"',
  ),
});

/**
 * The `auths` key for `registry`: Docker Hub's spellings become `https://index.docker.io/v1/`
 * (the only key Docker Hub logins are looked up under); others are kept as given.
 */
export function registryKey(registry: string): string {
  const r = registry.replace(/\/+$/, "");
  const lower = r.toLowerCase();
  return DOCKER_HUB_ALIASES.has(lower) || DOCKER_HUB_ALIASES.has(`${lower}/`) ? DOCKER_HUB_KEY : r;
}

/** The `.dockerconfigjson` document: `{"auths":{key:{username,password,auth}}}`. */
export function dockerConfigJson(registry: string, username: string, password: string): string {
  const auth = Buffer.from(`${username}:${password}`, "utf8").toString("base64");
  return JSON.stringify({ auths: { [registryKey(registry)]: { username, password, auth } } });
}
