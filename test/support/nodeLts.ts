/**
 * Loaded by mocha before any test (`require` in .mocharc*.json): stops at once, saying how, when
 * the suite runs on a Node that is not an LTS line the package supports (22, 24), or not the one
 * asked for with KD_NODE_MAJOR (`npx mocha` from a shell that did not go through
 * scripts/node-lts.sh). @pulumi/pulumi 3.276 requires Node >= 22; the Pulumi language host runs
 * the `node` on PATH, so a wrong Node there changes what the real-engine tests run.
 */
const major = Number(process.versions.node.split(".")[0]);
const wanted = Number(process.env.KD_NODE_MAJOR ?? major);
if (![22, 24].includes(major) || major !== wanted) {
  throw new Error(
    `kruise-devops tests need Node ${process.env.KD_NODE_MAJOR ?? "22 or 24"} (this is ${process.version}): run them with npm test / npm run test:e2e, which switch to it (scripts/node-lts.sh; KD_NODE_MAJOR=24 for Node 24), or '. scripts/ensure-node.sh' first`,
  );
}
export {};
