import * as assert from "assert";
import * as fs from "fs";
import * as path from "path";
import { buildkitBuildTask } from "../../../components/tekton/tasks";
import { tempDir } from "../../support/shellTools";
import { DIGEST, fails, ok, PUSHED, runStep } from "./support/steps";

// Moved from tasks.test.ts under the describe it had there: titles unchanged.
describe("Tekton task library: build result steps", () => {
  describe("buildkit", () => {
    const step = buildkitBuildTask().steps[0];
    // As buildctl writes it: json.MarshalIndent, nested descriptors with their own digest keys.
    const metadata = JSON.stringify(
      {
        "containerimage.config.digest": "sha256:" + "0".repeat(64),
        "containerimage.descriptor": {
          mediaType: "application/vnd.oci.image.manifest.v1+json",
          digest: "sha256:" + "1".repeat(64),
          size: 1234,
        },
        "containerimage.digest": DIGEST,
        "image.name": "ghcr.io/acme/app:abc123",
      },
      null,
      2,
    );
    let ws: string;
    before(() => {
      ws = tempDir("kd-ctx-");
      fs.mkdirSync(path.join(ws, "app", "docker"), { recursive: true });
      fs.writeFileSync(path.join(ws, "app", "docker", "Dockerfile.prod"), "FROM scratch\n");
    });
    const params = {
      image: "ghcr.io/acme/app",
      tag: "abc123",
      context: "app",
      dockerfile: "docker/Dockerfile.prod",
      "registry-secret": "registry-creds",
      "extra-args": ["--opt=build-arg:A=1", "--progress=plain"],
    };

    it("builds with buildctl-daemonless.sh, pushes image:tag, reads the digest with sed", () => {
      const r = ok(
        runStep(step, { params, workspaces: { source: ws }, files: { "metadata.json": metadata } }),
      );
      assert.deepStrictEqual(r.results, { digest: DIGEST, "image-ref": PUSHED });
      const args = r.log.map((l) => l.replace(/^buildctl-arg /, ""));
      const metadataFile = args[args.indexOf("--metadata-file") + 1];
      assert.deepStrictEqual(args, [
        "build",
        "--frontend",
        "dockerfile.v0",
        "--local",
        `context=${ws}/app`,
        "--local",
        `dockerfile=${ws}/app/docker`,
        "--opt",
        "filename=Dockerfile.prod",
        "--output",
        "type=image,name=ghcr.io/acme/app:abc123,push=true",
        "--metadata-file",
        metadataFile,
        "--opt=build-arg:A=1",
        "--progress=plain",
      ]);
      assert.strictEqual(
        step.env?.find((e) => e.name === "BUILDKITD_FLAGS")?.value,
        "--oci-worker-no-process-sandbox",
      );
    });

    it("refuses a tagged image, a bad tag, a missing Dockerfile, metadata without a digest", () => {
      const files = { "metadata.json": metadata };
      const w = { source: ws };
      let r = fails(
        runStep(step, { params: { ...params, image: "ghcr.io/acme/app:1" }, workspaces: w, files }),
        "has a tag",
      );
      assert.deepStrictEqual(r.log, [], "built anyway");
      r = fails(
        runStep(step, { params: { ...params, image: "a,b" }, workspaces: w, files }),
        "not a repository",
      );
      fails(
        runStep(step, { params: { ...params, tag: "-x" }, workspaces: w, files }),
        "not a valid image tag",
      );
      fails(
        runStep(step, { params: { ...params, dockerfile: "Nope" }, workspaces: w, files }),
        "param dockerfile",
      );
      const noDigest = JSON.stringify({ "containerimage.descriptor": { digest: DIGEST } }, null, 2);
      fails(
        runStep(step, { params, workspaces: w, files: { "metadata.json": noDigest } }),
        "no containerimage.digest",
      );
      // A registry with a port is a repository, not a tag.
      ok(
        runStep(step, { params: { ...params, image: "localhost:5000/app" }, workspaces: w, files }),
      );
    });
  });
});
