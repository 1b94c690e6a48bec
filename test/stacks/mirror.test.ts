import * as assert from "assert";
import * as fs from "fs";
import * as yaml from "js-yaml";
import * as os from "os";
import * as path from "path";
import { MIRROR_LAYOUT, stackConfigFile } from "../../stacks/mirror";

/** A stack file in a temporary directory, and a mirror whose argo-cd chart carries its dependency. */
function fixture(config: Record<string, unknown>): {
  stackFile: string;
  mirror: string;
  out: string;
} {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "kd-mirror-test-"));
  const stackFile = path.join(dir, "Pulumi.dev.yaml");
  fs.writeFileSync(stackFile, yaml.dump({ encryptionsalt: "v1:salt", config }));
  const mirror = path.join(dir, "mirror");
  const argo = path.join(mirror, MIRROR_LAYOUT.argocd);
  fs.mkdirSync(path.join(argo, "charts", "redis-ha"), { recursive: true });
  fs.writeFileSync(
    path.join(argo, "Chart.yaml"),
    yaml.dump({ name: "argo-cd", dependencies: [{ name: "redis-ha" }] }),
  );
  return { stackFile, mirror, out: path.join(dir, "out") };
}

const read = (file: string) => yaml.load(fs.readFileSync(file, "utf8")) as any;

describe("stackConfigFile: a stack's config pointed at the local mirror", () => {
  it("gives the root project's three installs their mirror source, keeping their other args and the salt", () => {
    const f = fixture({ "kruise-devops:kruise": { gitOps: true }, "kruise-devops:x": 1 });
    const doc = read(stackConfigFile(f.stackFile, f.out, f.mirror));
    assert.strictEqual(doc.encryptionsalt, "v1:salt");
    assert.deepStrictEqual(doc.config["kruise-devops:kruise"], {
      gitOps: true,
      source: { path: path.join(f.mirror, MIRROR_LAYOUT.kruise) },
    });
    assert.deepStrictEqual(doc.config["kruise-devops:tekton"], {
      source: { path: path.join(f.mirror, MIRROR_LAYOUT.tekton) },
    });
    assert.deepStrictEqual(doc.config["kruise-devops:argocd"], {
      source: { path: path.join(f.mirror, MIRROR_LAYOUT.argocd) },
    });
    assert.strictEqual(doc.config["kruise-devops:x"], 1);
  });

  it("uses an example's config namespace and only the installs it makes; a part switched off stays off", () => {
    const f = fixture({ "ex:tekton": false, "ex:argocd": { enabled: false } });
    const doc = read(
      stackConfigFile(
        f.stackFile,
        f.out,
        f.mirror,
        { "ex:y": "z" },
        {
          namespace: "ex",
          parts: ["kruise", "tekton", "argocd"],
        },
      ),
    );
    assert.deepStrictEqual(Object.keys(doc.config).sort(), [
      "ex:argocd",
      "ex:kruise",
      "ex:tekton",
      "ex:y",
    ]);
    assert.strictEqual(doc.config["ex:tekton"], false);
    assert.deepStrictEqual(doc.config["ex:argocd"], { enabled: false }, "Platform's form");
    assert.deepStrictEqual(doc.config["ex:kruise"].source, {
      path: path.join(f.mirror, MIRROR_LAYOUT.kruise),
    });
  });

  it("changes nothing but the overrides with no mirror, and never touches the stack file", () => {
    const f = fixture({ "kruise-devops:kruise": { gitOps: true } });
    const before = fs.readFileSync(f.stackFile, "utf8");
    const doc = read(stackConfigFile(f.stackFile, f.out, undefined, { "kruise-devops:a": true }));
    assert.deepStrictEqual(doc.config, {
      "kruise-devops:kruise": { gitOps: true },
      "kruise-devops:a": true,
    });
    assert.strictEqual(fs.readFileSync(f.stackFile, "utf8"), before);
  });
});
