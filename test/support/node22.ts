/**
 * Loaded by mocha before any test (`require` in .mocharc*.json): stops at once, saying how, when
 * the suite runs on a Node other than 22 (`npx mocha` from a shell that did not go through
 * scripts/node22.sh). @pulumi/pulumi 3.276 requires Node >= 22; the Pulumi language host runs
 * the `node` on PATH, so a wrong Node there changes what the real-engine tests run.
 */
const major = Number(process.versions.node.split(".")[0]);
if (major !== 22) {
  throw new Error(
    `kruise-devops tests need Node 22 (this is ${process.version}): run them with npm test / npm run test:e2e, which switch to Node 22 (scripts/node22.sh), or '. scripts/ensure-node.sh' first`,
  );
}
export {};
