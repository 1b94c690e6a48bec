import * as assert from "assert";
import * as k8s from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";
import { throwsWith } from "../support/expect";
import {
  mockedComponents,
  registered,
  resetRegistrations,
  settle,
  valueOf,
} from "../support/mocks";
import { assertHeldOnlyBy, failureOf, managedLabels, only, reveal } from "./helpers";

const kd = mockedComponents();

const COMPONENT = "kruise-devops:index:GitCredentials";
const SECRET = "kubernetes:core/v1:Secret";
const TOKEN = "ghp_0123456789abcdefTOKEN";
const KEY =
  "-----BEGIN OPENSSH PRIVATE KEY-----\nb3BlbnNzaC1rZXktdjEAAAAA\n-----END OPENSSH PRIVATE KEY-----";
const GITHUB_KEY =
  "github.com ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIOMqqnkVzrm0SdG6UOoqKLsabgH5C9okWi0dh2l9GKJl";

describe("GitCredentials", () => {
  beforeEach(resetRegistrations);

  it("basic auth: a kubernetes.io/basic-auth Secret annotated tekton.dev/git-0=https://<host>", async () => {
    const c = new kd.GitCredentials("git-creds", {
      host: "github.com",
      namespace: "ci",
      basicAuth: { username: "octocat", password: pulumi.secret(TOKEN) },
    });
    assert.strictEqual(await valueOf(c.secretName), "git-creds");
    assert.strictEqual(await valueOf(c.namespace), "ci");
    await settle();
    assert.deepStrictEqual(
      registered.map((r) => r.type),
      [COMPONENT, SECRET],
    );
    const secret = only(SECRET);
    const { stringData, ...rest } = secret.inputs;
    assert.deepStrictEqual(rest, {
      apiVersion: "v1",
      kind: "Secret",
      metadata: {
        name: "git-creds",
        namespace: "ci",
        labels: managedLabels("gitcredentials", "git-creds"),
        annotations: { "tekton.dev/git-0": "https://github.com" },
      },
      type: "kubernetes.io/basic-auth",
    });
    assert.deepStrictEqual(reveal(stringData), { username: "octocat", password: TOKEN });
    assert.ok(secret.secretPaths.includes("stringData"), JSON.stringify(secret.secretPaths));
    assert.deepStrictEqual(only(COMPONENT).inputs, {});
    assertHeldOnlyBy(secret, [TOKEN]);
  });

  it("basic auth on a port keeps the port in the annotation", async () => {
    const c = new kd.GitCredentials("git-creds", {
      host: "git.example.com:8443",
      basicAuth: { username: pulumi.secret("bot"), password: pulumi.secret(TOKEN) },
    });
    await valueOf(c.secretName);
    await settle();
    assert.deepStrictEqual(only(SECRET).inputs.metadata.annotations, {
      "tekton.dev/git-0": "https://git.example.com:8443",
    });
    assert.deepStrictEqual(reveal(only(SECRET).inputs.stringData), {
      username: "bot",
      password: TOKEN,
    });
  });

  it("ssh: a kubernetes.io/ssh-auth Secret, key newline-terminated, known_hosts kept, annotation <host>", async () => {
    const dep = new k8s.core.v1.Namespace("ci-ns", { metadata: { name: "ci" } });
    const c = new kd.GitCredentials(
      "git-ssh",
      {
        host: "github.com",
        namespace: "ci",
        secretName: "github-ssh",
        ssh: { privateKey: pulumi.secret(KEY), knownHosts: GITHUB_KEY },
      },
      { dependsOn: [dep] },
    );
    assert.strictEqual(await valueOf(c.secretName), "github-ssh");
    await settle();
    const secret = only(SECRET);
    assert.strictEqual(secret.inputs.type, "kubernetes.io/ssh-auth");
    assert.deepStrictEqual(secret.inputs.metadata, {
      name: "github-ssh",
      namespace: "ci",
      labels: managedLabels("gitcredentials", "git-ssh"),
      annotations: { "tekton.dev/git-0": "github.com" },
    });
    assert.deepStrictEqual(reveal(secret.inputs.stringData), {
      "ssh-privatekey": `${KEY}\n`,
      known_hosts: GITHUB_KEY,
    });
    assert.ok(secret.secretPaths.includes("stringData"));
    assert.strictEqual(secret.parent, only(COMPONENT).urn);
    assert.ok(secret.dependencies.includes(only("kubernetes:core/v1:Namespace").urn));
    assertHeldOnlyBy(secret, ["b3BlbnNzaC1rZXktdjEAAAAA"]);
  });

  it("ssh: a key already ending in a newline is not given a second one", async () => {
    const c = new kd.GitCredentials("git-ssh", {
      host: "git.example.com:7999",
      ssh: {
        privateKey: pulumi.secret(`${KEY}\n`),
        knownHosts: "[git.example.com]:7999 ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAA",
      },
    });
    await valueOf(c.secretName);
    await settle();
    assert.strictEqual(reveal(only(SECRET).inputs.stringData)["ssh-privatekey"], `${KEY}\n`);
    assert.deepStrictEqual(only(SECRET).inputs.metadata.annotations, {
      "tekton.dev/git-0": "git.example.com:7999",
    });
  });

  it("takes host, knownHosts and labels as Outputs: the same Secret once they resolve", async () => {
    const c = new kd.GitCredentials("git-ssh", {
      host: pulumi.output("github.com"),
      namespace: "ci",
      labels: pulumi.output({ team: "web" }),
      ssh: { privateKey: pulumi.secret(KEY), knownHosts: pulumi.output(GITHUB_KEY) },
    });
    await valueOf(c.secretName);
    await settle();
    const secret = only(SECRET);
    assert.deepStrictEqual(secret.inputs.metadata, {
      name: "git-ssh",
      namespace: "ci",
      labels: { team: "web", ...managedLabels("gitcredentials", "git-ssh") },
      annotations: { "tekton.dev/git-0": "github.com" },
    });
    assert.deepStrictEqual(reveal(secret.inputs.stringData), {
      "ssh-privatekey": `${KEY}\n`,
      known_hosts: GITHUB_KEY,
    });
  });

  it("checks an Output host against the known hosts once resolved, leaking no key; no Secret", async () => {
    const c = new kd.GitCredentials("git", {
      host: pulumi.output("gitlab.com"),
      ssh: { privateKey: pulumi.secret(KEY), knownHosts: GITHUB_KEY },
    });
    const e = await failureOf(c.secretName);
    assert.ok(pulumi.ResourceError.isInstance(e), e.message);
    assert.ok(
      e.message.includes("GitCredentials 'git': args.ssh.knownHosts has no key for gitlab.com"),
      e.message,
    );
    assert.ok(!e.message.includes("b3BlbnNzaC1rZXktdjEAAAAA"), "no private key in the message");
    await settle();
    assert.deepStrictEqual(
      registered.map((r) => r.type),
      [COMPONENT],
    );
  });

  describe("rejections", () => {
    const cases: [string, () => unknown, string[]][] = [
      [
        "both basicAuth and ssh",
        () =>
          new kd.GitCredentials("git", {
            host: "github.com",
            basicAuth: { username: "u", password: pulumi.secret(TOKEN) },
            ssh: { privateKey: pulumi.secret(KEY), knownHosts: GITHUB_KEY },
          }),
        [
          "GitCredentials 'git': args has both basicAuth and ssh",
          "one Secret holds one Tekton credential type (kubernetes.io/basic-auth or kubernetes.io/ssh-auth)",
          "give exactly one; make a second GitCredentials for the other",
        ],
      ],
      [
        "neither basicAuth nor ssh",
        () => new kd.GitCredentials("git", { host: "github.com" }),
        ["GitCredentials 'git': args has neither basicAuth nor ssh", "give exactly one"],
      ],
      [
        "a host with a scheme",
        () =>
          new kd.GitCredentials("git", {
            host: "https://github.com",
            basicAuth: { username: "u", password: pulumi.secret(TOKEN) },
          }),
        [
          "GitCredentials 'git': args.host is not a Git host",
          "tekton.dev/git-0 names a host[:port] that Tekton matches against the clone URL",
          "without scheme or path",
        ],
      ],
      [
        "a host with a path",
        () =>
          new kd.GitCredentials("git", {
            host: "github.com/org",
            basicAuth: { username: "u", password: pulumi.secret(TOKEN) },
          }),
        ["GitCredentials 'git': args.host is not a Git host"],
      ],
      [
        "a plain-string password",
        () =>
          new kd.GitCredentials("git", {
            host: "github.com",
            basicAuth: { username: "u", password: TOKEN },
          }),
        [
          "GitCredentials 'git': args.basicAuth.password is a plain string",
          'pass pulumi.secret(value) or config.requireSecret("basicAuth-password")',
        ],
      ],
      [
        "a plain-string private key",
        () =>
          new kd.GitCredentials("git", {
            host: "github.com",
            ssh: { privateKey: KEY, knownHosts: GITHUB_KEY },
          }),
        [
          "GitCredentials 'git': args.ssh.privateKey is a plain string",
          'config.requireSecret("ssh-privateKey")',
        ],
      ],
      [
        "a missing basic-auth password",
        () =>
          new kd.GitCredentials("git", {
            host: "github.com",
            basicAuth: { username: "u" },
          } as any),
        [
          "GitCredentials 'git': args.basicAuth.password is missing",
          'pass pulumi.secret(value) or config.requireSecret("basicAuth-password")',
        ],
      ],
      [
        "a missing private key",
        () =>
          new kd.GitCredentials("git", {
            host: "github.com",
            ssh: { knownHosts: GITHUB_KEY },
          } as any),
        [
          "GitCredentials 'git': args.ssh.privateKey is missing",
          'config.requireSecret("ssh-privateKey")',
        ],
      ],
      [
        "ssh without a key for the host",
        () =>
          new kd.GitCredentials("git", {
            host: "gitlab.com",
            ssh: { privateKey: pulumi.secret(KEY), knownHosts: GITHUB_KEY },
          }),
        [
          "GitCredentials 'git': args.ssh.knownHosts has no key for gitlab.com",
          "SSH must verify gitlab.com's host key",
          "add the output of `ssh-keyscan gitlab.com` after checking its fingerprint",
        ],
      ],
      [
        "ssh on a port, with the key pinned for port 22 only",
        () =>
          new kd.GitCredentials("git", {
            host: "git.example.com:7999",
            ssh: {
              privateKey: pulumi.secret(KEY),
              knownHosts: "git.example.com ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAA",
            },
          }),
        [
          "args.ssh.knownHosts has no key for [git.example.com]:7999",
          "`ssh-keyscan git.example.com -p 7999`",
        ],
      ],
      [
        "a component name that is not a Secret name",
        () =>
          new kd.GitCredentials("Git Creds", {
            host: "github.com",
            basicAuth: { username: "u", password: pulumi.secret(TOKEN) },
          }),
        [
          "GitCredentials 'Git Creds': args.secretName is not set, and the component's name is not a Secret name",
        ],
      ],
    ];
    for (const [what, make, fragments] of cases) {
      it(`${what}, before anything registers`, async () => {
        const message = throwsWith(make, ...fragments);
        assert.ok(!message.includes(TOKEN) && !message.includes("b3BlbnNzaC1rZXktdjEAAAAA"));
        await settle();
        assert.deepStrictEqual(registered, []);
      });
    }

    it("an empty private key fails the deployment, registering no Secret", async () => {
      const c = new kd.GitCredentials("git", {
        host: "github.com",
        ssh: { privateKey: pulumi.secret(""), knownHosts: GITHUB_KEY },
      });
      const e = await failureOf(c.secretName);
      assert.ok(pulumi.ResourceError.isInstance(e), e.message);
      assert.match(e.message, /GitCredentials 'git': args\.ssh\.privateKey is empty/);
      await settle();
      assert.deepStrictEqual(
        registered.map((r) => r.type),
        [COMPONENT],
      );
    });

    it("an empty basic-auth username is refused at once; an empty Output one fails the deployment", async () => {
      assert.throws(
        () =>
          new kd.GitCredentials("git", {
            host: "github.com",
            basicAuth: { username: "", password: pulumi.secret(TOKEN) },
          }),
        /^Error: GitCredentials 'git': args\.basicAuth\.username is empty — /,
      );
      const c = new kd.GitCredentials("git", {
        host: "github.com",
        basicAuth: { username: pulumi.output(""), password: pulumi.secret(TOKEN) },
      });
      const e = await failureOf(c.secretName);
      assert.match(e.message, /GitCredentials 'git': args\.basicAuth\.username is empty/);
    });
  });

  describe("knownHostsError", () => {
    const ok: [string, string, string][] = [
      ["a plain entry", "github.com", GITHUB_KEY],
      [
        "one of several comma-separated names",
        "github.com",
        `140.82.121.3,GitHub.com ssh-rsa AAAAB3`,
      ],
      ["port 22, written as the plain name", "github.com:22", GITHUB_KEY],
      [
        "a [host]:port entry for a port",
        "git.example.com:7999",
        "[git.example.com]:7999,[10.0.0.5]:7999 ecdsa-sha2-nistp256 AAAAE2VjZHNh",
      ],
      [
        "a hashed entry (cannot be checked, so accepted)",
        "github.com",
        "|1|F1E1KeoE/eEWhi10WpGv4OdiO6Y=|3988QV0VE8wmZL7suNrYQLITLCg= ssh-ed25519 AAAAC3Nza",
      ],
      [
        "an @cert-authority line with a wildcard pattern",
        "git.example.com",
        "@cert-authority *.example.com ssh-ed25519 AAAAC3Nza",
      ],
      ["a ? wildcard", "git1.example.com", "git?.example.com ssh-ed25519 AAAAC3Nza"],
      [
        "an @cert-authority line for the host",
        "github.com",
        "@cert-authority github.com ssh-rsa AAAAB3NzaC1yc2E",
      ],
      [
        "comments, blank lines, CRLF and trailing spaces around a match",
        "github.com",
        `# github.com:22 SSH-2.0-babeld\r\n\r\n  ${GITHUB_KEY}  \r\n`,
      ],
    ];
    it("never lets a negated pattern or a wildcard that does not match pin the host", () => {
      assert.strictEqual(kd.hostMatches("!github.com", "github.com"), false);
      assert.strictEqual(kd.hostMatches("*.example.com", "example.com"), false);
      assert.strictEqual(
        kd.hostMatches("git.example.com", "gitxexample.com"),
        false,
        "dots are literal",
      );
      assert.match(
        kd.knownHostsError("github.com", "!github.com ssh-ed25519 AAAAC3Nza")!,
        /has no key for github.com/,
      );
    });
    for (const [what, host, knownHosts] of ok) {
      it(`accepts ${what}`, () => {
        assert.strictEqual(kd.knownHostsError(host, knownHosts), undefined);
      });
    }

    const bad: [string, string, string, string][] = [
      ["an empty string", "github.com", "", "holds no host key"],
      ["only comments and blanks", "github.com", "# nothing\n\n   \n", "holds no host key"],
      [
        "a line without a key",
        "github.com",
        "github.com ssh-ed25519",
        'line 1 is not "<hosts> <key-type> <base64-key>"',
      ],
      [
        "a malformed line after a comment and a blank, by its line number in the text",
        "github.com",
        "# keys\n\ngithub.com ssh-ed25519",
        'line 3 is not "<hosts> <key-type> <base64-key>"',
      ],
      [
        "a malformed line after a key for another host",
        "gitlab.com",
        `${GITHUB_KEY}\ngitlab.com`,
        'line 2 is not "<hosts> <key-type> <base64-key>"',
      ],
      [
        "a marker line without a key",
        "github.com",
        "@cert-authority github.com ssh-rsa",
        'line 1 is not "<hosts> <key-type> <base64-key>"',
      ],
      ["a key for another host", "gitlab.com", GITHUB_KEY, "has no key for gitlab.com"],
      [
        "a host name that only prefixes the entry's",
        "github.co",
        GITHUB_KEY,
        "has no key for github.co",
      ],
      [
        "a plain entry when a port is used",
        "github.com:2222",
        GITHUB_KEY,
        "has no key for [github.com]:2222",
      ],
      [
        "a [host]:port entry of another port",
        "git.example.com:7999",
        "[git.example.com]:7998 ssh-ed25519 AAAAC3Nza",
        "has no key for [git.example.com]:7999",
      ],
      [
        "only an @revoked key for the host (it must never be accepted)",
        "github.com",
        "@revoked github.com ssh-rsa AAAAB3NzaC1yc2E",
        "has no key for github.com",
      ],
    ];
    for (const [what, host, knownHosts, why] of bad) {
      it(`rejects ${what}: ${why}`, () => {
        assert.strictEqual(kd.knownHostsError(host, knownHosts), why);
      });
    }
  });
});
