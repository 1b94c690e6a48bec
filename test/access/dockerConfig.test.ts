import * as assert from "assert";
import * as pulumi from "@pulumi/pulumi";
import { mockedComponents, resetRegistrations, settle, valueOf } from "../support/mocks";
import { dockerConfig } from "./helpers";

const kd = mockedComponents();
// eslint-disable-next-line @typescript-eslint/no-require-imports
const dc =
  require("../../components/access/dockerConfig") as typeof import("../../components/access/dockerConfig");

const HUB = "https://index.docker.io/v1/";

// Moved from registryCredentials.test.ts under the describe it had there: titles unchanged.
describe("RegistryCredentials", () => {
  beforeEach(resetRegistrations);

  describe("auths key", () => {
    const cases: [string, string][] = [
      ["docker.io", HUB],
      ["Docker.io", HUB],
      ["index.docker.io", HUB],
      ["registry-1.docker.io", HUB],
      ["https://index.docker.io/v1/", HUB],
      ["https://index.docker.io/v1", HUB],
      ["https://docker.io", HUB],
      ["docker.io/", HUB],
      ["ghcr.io", "ghcr.io"],
      ["ghcr.io/", "ghcr.io"],
      ["registry.example.com:5000", "registry.example.com:5000"],
      ["https://registry.example.com", "https://registry.example.com"],
      ["quay.io", "quay.io"],
    ];
    for (const [registry, key] of cases) {
      it(`${registry} → ${key}`, async () => {
        assert.strictEqual(dc.registryKey(registry), key);
        const c = new kd.RegistryCredentials("creds", {
          registry,
          username: "u",
          password: pulumi.secret("p"),
        });
        assert.strictEqual(c.registryKey, key);
        await valueOf(c.secretName);
        await settle();
        assert.deepStrictEqual(dockerConfig(), {
          auths: { [key]: { username: "u", password: "p", auth: "dTpw" } },
        });
      });
    }

    it("dockerConfigJson is exactly one login, auth being base64 of the UTF-8 user:password", () => {
      assert.strictEqual(
        dc.dockerConfigJson("docker.io", "bob", "pä:ss"),
        JSON.stringify({
          auths: { [HUB]: { username: "bob", password: "pä:ss", auth: "Ym9iOnDDpDpzcw==" } },
        }),
      );
      assert.strictEqual(kd.DOCKER_HUB_KEY, HUB);
    });
  });
});

describe("registry hosts (components/access/dockerConfig)", () => {
  it("registrySchema: a host[:port], optionally as an http(s) URL with a path", () => {
    const good = [
      "docker.io",
      "ghcr.io",
      "registry.example.com:5000",
      "localhost",
      "localhost:5000",
      "10.0.0.1:5000",
      "https://index.docker.io/v1/",
      "http://mirror.local",
      "GHCR.IO",
      "quay.io/org",
    ];
    const bad = [
      "",
      "ghcr.io:",
      "ghcr.io:123456",
      "-ghcr.io",
      "ghcr-.io",
      "ghcr..io",
      "oci://ghcr.io",
      "ghcr io",
      "user@ghcr.io",
    ];
    assert.deepStrictEqual([good.length, bad.length], [10, 9]);
    for (const r of good) assert.strictEqual(dc.registrySchema.safeParse(r).success, true, r);
    for (const r of bad) {
      const res = dc.registrySchema.safeParse(r);
      assert.ok(!res.success, r);
      assert.deepStrictEqual(
        res.error.issues.map((i) => i.message),
        [
          'is not a registry host — a .dockerconfigjson `auths` key is a registry host[:port] (or its https URL), matched against the image\'s domain; give e.g. "ghcr.io", "registry.example.com:5000" or "docker.io"',
        ],
      );
    }
  });
});
