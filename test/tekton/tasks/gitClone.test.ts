import * as assert from "assert";
import * as fs from "fs";
import * as path from "path";
import { gitCloneTask } from "../../../components/tekton/tasks";
import { run, tempDir } from "../../support/shellTools";
import { fails, ok, runStep } from "./support/steps";

// Moved from tasks.test.ts: titles unchanged.
describe("Tekton task library: git-clone, run with git", () => {
  const step = gitCloneTask().steps[0];
  let repo: string;
  let head: string;
  let first: string;

  before(() => {
    repo = tempDir("kd-repo-");
    const git = (...args: string[]) => {
      const r = run("git", ["-c", "user.name=t", "-c", "user.email=t@example.com", ...args], {
        cwd: repo,
        env: { ...process.env, HOME: repo, GIT_CONFIG_NOSYSTEM: "1" },
      });
      assert.strictEqual(r.status, 0, r.stderr);
      return r.stdout.trim();
    };
    git("init", "-q", "-b", "main");
    fs.writeFileSync(path.join(repo, "a.txt"), "one\n");
    git("add", "a.txt");
    git("commit", "-q", "-m", "one");
    first = git("rev-parse", "HEAD");
    fs.writeFileSync(path.join(repo, "a.txt"), "two\n");
    git("commit", "-q", "-am", "two");
    git("tag", "v2");
    head = git("rev-parse", "HEAD");
  });

  function workspace(): string {
    const ws = tempDir("kd-ws-");
    fs.writeFileSync(path.join(ws, "stale.txt"), "from an older run");
    fs.mkdirSync(path.join(ws, ".stale-dir"));
    return ws;
  }

  it("fetches the revision shallowly into an emptied workspace and reports the full SHA", () => {
    const ws = workspace();
    const r = ok(
      runStep(step, {
        params: { url: `file://${repo}`, revision: "main", depth: "1" },
        workspaces: { source: ws },
      }),
    );
    assert.deepStrictEqual(r.results, { commit: head, url: `file://${repo}` });
    assert.match(r.results.commit, /^[0-9a-f]{40}$/);
    assert.deepStrictEqual(fs.readdirSync(ws).sort(), [".git", "a.txt"]);
    assert.strictEqual(fs.readFileSync(path.join(ws, "a.txt"), "utf8"), "two\n");
    assert.ok(fs.existsSync(path.join(ws, ".git", "shallow")), "not a shallow fetch");
  });

  it("checks out a tag or a commit, and the whole history with depth 0", () => {
    const ws = workspace();
    ok(
      runStep(step, {
        params: { url: repo, revision: "v2", depth: "0" },
        workspaces: { source: ws },
      }),
    );
    assert.ok(!fs.existsSync(path.join(ws, ".git", "shallow")));
    const r = ok(
      runStep(step, {
        params: { url: repo, revision: first, depth: "1" },
        workspaces: { source: ws },
      }),
    );
    assert.strictEqual(r.results.commit, first);
    assert.strictEqual(fs.readFileSync(path.join(ws, "a.txt"), "utf8"), "one\n");
  });

  it("refuses params that would read as options, and shows no user-info", () => {
    const ws = workspace();
    const params = { url: repo, revision: "main", depth: "1" };
    fails(
      runStep(step, {
        params: { ...params, url: "--upload-pack=evil" },
        workspaces: { source: ws },
      }),
      "param url",
    );
    fails(
      runStep(step, { params: { ...params, revision: "-x" }, workspaces: { source: ws } }),
      "param revision",
    );
    fails(
      runStep(step, { params: { ...params, depth: "1; rm" }, workspaces: { source: ws } }),
      "param depth",
    );
    const r = fails(
      runStep(step, {
        params: { ...params, url: "-https://user:s3cret@example.invalid/x.git" },
        workspaces: { source: ws },
      }),
      "param url",
    );
    assert.ok(!r.stderr.includes("s3cret"), r.stderr);
    assert.ok(
      fs.existsSync(path.join(ws, "stale.txt")),
      "the workspace is emptied only after the checks",
    );
  });
});
