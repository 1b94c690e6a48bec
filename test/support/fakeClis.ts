/**
 * Fake CLIs the step scripts run against, put first on PATH: each logs its command line to
 * `$FAKE_DIR/log` and answers from files in `$FAKE_DIR`, as a test lays them out. They stand in
 * for the cluster (kubectl), Argo CD (argocd) and the image builders (BuildKit's
 * buildctl-daemonless.sh, kaniko's executor): what the scripts send is asserted, not what those
 * tools would do with it.
 */
import * as fs from "fs";
import * as path from "path";
import { kubectlCommand, kubectlVerbs } from "../../components/access/kubectlVerbs";

/** The fakes of the Tekton task tests: kubectl, argocd and buildctl-daemonless.sh. */
export const FAKES: Record<string, string> = {
  // create: stores the manifest, prints the generated name; get: get-<n>.json for the n-th get,
  // else get.json; patch: stores the patch; rollout status fails when rollout-fails exists.
  kubectl: `#!/bin/sh
echo "kubectl $*" >>"$FAKE_DIR/log"
case "$1" in
  create) cat >"$FAKE_DIR/created.json"; printf '%s' warm-x7k2p ;;
  wait) echo "imagepulljob.apps.kruise.io/warm-x7k2p condition met" ;;
  get)
    n=$(($(cat "$FAKE_DIR/gets" 2>/dev/null || echo 0) + 1))
    echo "$n" >"$FAKE_DIR/gets"
    if [ -f "$FAKE_DIR/get-$n.json" ]; then cat "$FAKE_DIR/get-$n.json"; else cat "$FAKE_DIR/get.json"; fi ;;
  patch)
    while [ $# -gt 0 ]; do [ "$1" = -p ] && printf '%s' "$2" >"$FAKE_DIR/patch.json"; shift; done
    echo patched ;;
  rollout)
    if [ -f "$FAKE_DIR/rollout-fails" ]; then cat "$FAKE_DIR/rollout-fails" >&2; exit 1; fi
    echo ok ;;
  *) echo ok ;;
esac
`,
  argocd: `#!/bin/sh
echo "argocd $*" >>"$FAKE_DIR/log"
[ "$1 $2" != "app sync" ] || [ -z "$FAKE_SYNC_FAILS" ] || exit 20
`,
  // Logs each argument; copies metadata.json to the --metadata-file; keeps the daemon's flags and
  // the Docker config buildctl would read (DOCKER_CONFIG, else $HOME/.docker) for the test.
  "buildctl-daemonless.sh": `#!/bin/sh
for a in "$@"; do echo "buildctl-arg $a" >>"$FAKE_DIR/log"; done
printf '%s' "\${BUILDKITD_FLAGS:-}" >"$FAKE_DIR/buildkitd-flags"
config="\${DOCKER_CONFIG:-$HOME/.docker}/config.json"
if [ -f "$config" ]; then cp "$config" "$FAKE_DIR/buildctl-docker-config.json"; fi
while [ $# -gt 0 ]; do
  if [ "$1" = --metadata-file ]; then cp "$FAKE_DIR/metadata.json" "$2"; fi
  shift
done
`,
  // kaniko's executor: logs each argument, keeps the Docker config it reads ($DOCKER_CONFIG),
  // fails when executor-fails exists, else writes the digest file's content to --digest-file.
  executor: `#!/bin/sh
for a in "$@"; do echo "executor-arg $a" >>"$FAKE_DIR/log"; done
if [ -f "$DOCKER_CONFIG/config.json" ]; then cp "$DOCKER_CONFIG/config.json" "$FAKE_DIR/kaniko-docker-config.json"; fi
if [ -f "$FAKE_DIR/executor-fails" ]; then echo "error building image" >&2; exit 1; fi
for a in "$@"; do
  case "$a" in --digest-file=*) cat "$FAKE_DIR/digest" >"\${a#--digest-file=}" ;; esac
done
`,
};

/** Writes every fake of `fakes` into `bin`, executable. */
export function installFakes(bin: string, fakes: Record<string, string> = FAKES): void {
  fs.mkdirSync(bin, { recursive: true });
  for (const [name, text] of Object.entries(fakes)) {
    fs.writeFileSync(path.join(bin, name), text, { mode: 0o755 });
  }
}

/** The lines the fakes logged in `dir` (its `log` file), none when there is none. */
export function fakeLog(dir: string): string[] {
  const file = path.join(dir, "log");
  return fs.existsSync(file) ? fs.readFileSync(file, "utf8").trimEnd().split("\n") : [];
}

/**
 * The kubectl commands a run sent (the fakes' log), and the API verbs they need: what the
 * pipeline Role must grant, no more (components/access/kubectlVerbs.ts).
 */
export function ranKubectl(log: string[]): { commands: string[]; verbs: string[] } {
  const commands = [...new Set(log.filter((l) => l.startsWith("kubectl ")).map(kubectlCommand))];
  return { commands: commands.sort(), verbs: kubectlVerbs(commands) };
}
