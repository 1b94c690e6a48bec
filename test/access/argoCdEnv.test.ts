import * as assert from "assert";
import * as pulumi from "@pulumi/pulumi";
import {
  ARGOCD_AUTH_ANNOTATION,
  ARGOCD_CA_KEY,
  ARGOCD_CA_MOUNT,
  ARGOCD_ENV,
  argoCdOptions,
} from "../../components/access/argoCdEnv";
import { mockedComponents, resetRegistrations, settle, valueOf } from "../support/mocks";
import { only, reveal } from "./helpers";

const kd = mockedComponents();

const SECRET = "kubernetes:core/v1:Secret";
const TOKEN = "eyJhbGciOiJIUzI1NiJ9.argocd-api-token";
const SERVER = "argocd-server.argocd.svc:443";

// Moved from argoCdToken.test.ts under the describe it had there: titles unchanged.
describe("ArgoCdToken", () => {
  beforeEach(resetRegistrations);

  describe("argoCdOptions", () => {
    const cases: [boolean, string | undefined, string][] = [
      [false, undefined, ""],
      [true, undefined, "--grpc-web"],
      [false, "/argocd", "--grpc-web --grpc-web-root-path=/argocd"],
      [true, "/argocd", "--grpc-web --grpc-web-root-path=/argocd"],
      [true, "/", "--grpc-web --grpc-web-root-path=/"],
    ];
    for (const [grpcWeb, rootPath, opts] of cases) {
      it(`grpcWeb=${grpcWeb}, rootPath=${rootPath} → ${JSON.stringify(opts)}`, async () => {
        assert.strictEqual(kd.argoCdOptions(grpcWeb, rootPath), opts);
        const c = new kd.ArgoCdToken("argocd", {
          server: SERVER,
          token: pulumi.secret(TOKEN),
          grpcWeb,
          ...(rootPath === undefined ? {} : { rootPath }),
        });
        await valueOf(c.secretName);
        await settle();
        assert.strictEqual(reveal(only(SECRET).inputs.stringData).ARGOCD_OPTS, opts);
      });
    }
  });
});

describe("the argocd CLI's environment (components/access/argoCdEnv)", () => {
  it("the Secret's keys are the variables the argocd CLI and the deploy step read", () => {
    assert.deepStrictEqual(ARGOCD_ENV, {
      server: "ARGOCD_SERVER",
      token: "ARGOCD_AUTH_TOKEN",
      options: "ARGOCD_OPTS",
      username: "ARGOCD_USERNAME",
      password: "ARGOCD_PASSWORD",
    });
    assert.strictEqual(ARGOCD_AUTH_ANNOTATION, "kruise-devops.io/argocd-auth");
  });

  it("a CA certificate adds --server-crt at the deploy step's mount, after the gRPC-web flags", () => {
    const crt = `--server-crt ${ARGOCD_CA_MOUNT}/${ARGOCD_CA_KEY}`;
    assert.strictEqual(crt, "--server-crt /etc/kruise-devops/argocd/ca.crt");
    const cases: [boolean, string | undefined, boolean, string][] = [
      [false, undefined, true, crt],
      [true, undefined, true, `--grpc-web ${crt}`],
      [false, "/argocd", true, `--grpc-web --grpc-web-root-path=/argocd ${crt}`],
      [false, undefined, false, ""],
    ];
    assert.strictEqual(cases.length, 4);
    for (const [grpcWeb, rootPath, ca, opts] of cases) {
      assert.strictEqual(
        argoCdOptions(grpcWeb, rootPath, ca),
        opts,
        `${grpcWeb} ${rootPath} ${ca}`,
      );
    }
  });
});
