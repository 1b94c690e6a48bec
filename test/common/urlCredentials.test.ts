import * as assert from "assert";
import { hasUrlCredentials, redactUrl } from "../../components/common/urlCredentials";
import { throwsWith } from "../support/expect";
import { mockedComponents, registered, resetRegistrations, settle } from "../support/mocks";

const kd = mockedComponents();

const TOKEN = "ghp_s3cr3tT0ken";

/** [url, carries credentials, redacted]. */
const CASES: [string, boolean, string][] = [
  ["https://github.com/acme/web.git", false, "https://github.com/acme/web.git"],
  [
    `https://bot:${TOKEN}@github.com/acme/web.git`,
    true,
    "https://[secret]@github.com/acme/web.git",
  ],
  [`https://${TOKEN}@github.com/acme/web.git`, true, "https://[secret]@github.com/acme/web.git"],
  [`HTTP://bot:${TOKEN}@charts.acme.io/`, true, "HTTP://[secret]@charts.acme.io/"],
  [`oci://bot:${TOKEN}@ghcr.io/acme/charts`, true, "oci://[secret]@ghcr.io/acme/charts"],
  ["ssh://git@github.com/acme/web.git", false, "ssh://git@github.com/acme/web.git"],
  [`ssh://git:${TOKEN}@github.com/acme/web.git`, true, "ssh://[secret]@github.com/acme/web.git"],
  ["git@github.com:acme/web.git", false, "git@github.com:acme/web.git"],
  [`git:${TOKEN}@github.com:acme/web.git`, true, "[secret]@github.com:acme/web.git"],
  // An @ in the path or query is not userinfo.
  ["https://github.com/acme/web.git?ref=a@b", false, "https://github.com/acme/web.git?ref=a@b"],
  ["https://registry.acme.io/v2/@scope/pkg", false, "https://registry.acme.io/v2/@scope/pkg"],
];

describe("no credential in a URL (components/common/urlCredentials)", () => {
  beforeEach(resetRegistrations);

  for (const [url, creds, redacted] of CASES) {
    it(`${JSON.stringify(url)}: ${creds ? "credentials" : "none"}`, () => {
      assert.strictEqual(hasUrlCredentials(url), creds);
      assert.strictEqual(redactUrl(url), redacted);
    });
  }

  const refusals: [string, () => unknown, string][] = [
    [
      "CiPipeline.repo",
      () =>
        new kd.CiPipeline("web-ci", {
          namespace: "ci",
          serviceAccount: { serviceAccountRef: "pipeline" },
          repo: `https://bot:${TOKEN}@github.com/acme/web.git`,
          build: { image: "ghcr.io/acme/web", registrySecret: { secretRef: "registry-creds" } },
        }),
      "CiPipeline 'web-ci': args.repo (https://[secret]@github.com/acme/web.git) has credentials in it",
    ],
    [
      "ArgoApplication.repoURL",
      () =>
        new kd.ArgoApplication("web", {
          repoURL: `https://${TOKEN}@github.com/acme/deploy.git`,
          path: "apps/web",
          targetRevision: "main",
          destination: { namespace: "web" },
        }),
      "ArgoApplication 'web': args.repoURL (https://[secret]@github.com/acme/deploy.git) has credentials in it",
    ],
    [
      "KruiseOperator.source.repo",
      () =>
        new kd.KruiseOperator("kruise", {
          source: { repo: `https://bot:${TOKEN}@charts.acme.io/` },
        }),
      "KruiseOperator 'kruise': args.source.repo (https://[secret]@charts.acme.io/) has credentials in it",
    ],
  ];
  for (const [what, make, fragment] of refusals) {
    it(`${what}: refused, the credential never echoed, nothing registered`, async () => {
      const message = throwsWith(
        make,
        fragment,
        "stored and shown in plain text",
        "give the URL without them",
      );
      assert.ok(!message.includes(TOKEN), message);
      await settle();
      assert.deepStrictEqual(registered, []);
    });
  }
});
