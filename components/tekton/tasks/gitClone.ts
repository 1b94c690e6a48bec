import { TaskSpec } from "../types";
import { taskImages } from "./images";
import { SMALL_STEP, TaskOptions, env } from "./shared";
import { shellScript } from "./stepScript";

/** Options of {@link gitCloneTask}. */
export type GitCloneTaskOptions = TaskOptions;

const SCRIPT = shellScript(
  "git-clone",
  String.raw`
  # The URL as it may be shown: without a user-info part (credentials belong in a GitCredentials
  # Secret, which Tekton's credential initialiser turns into $HOME/.gitconfig or $HOME/.ssh).
  safe_url=$(printf '%s' "$URL" | sed 's#://[^/@]*@#://#')
  case "$URL" in
    "" | -*) fail "param url \"$safe_url\" is empty or starts with \"-\"" ;;
  esac
  case "$REVISION" in
    "" | -*) fail "param revision \"$REVISION\" is empty or starts with \"-\"" ;;
  esac
  case "$DEPTH" in
    "" | *[!0-9]*) fail "param depth \"$DEPTH\" is not a non-negative integer (0 fetches the whole history)" ;;
  esac
  [ -d "$CHECKOUT_DIR" ] || fail "workspace source is not mounted at $CHECKOUT_DIR"

  cd "$CHECKOUT_DIR"
  # A reused workspace may hold an older checkout: start from an empty directory.
  rm -rf ./* ./.[!.]* ./..?*
  git -c init.defaultBranch=main init -q
  git remote add origin "$URL"
  if [ "$DEPTH" -gt 0 ]; then
    git fetch -q --no-tags --depth "$DEPTH" origin "$REVISION"
  else
    git fetch -q --no-tags origin "$REVISION"
  fi
  git checkout -q --detach FETCH_HEAD

  commit=$(git rev-parse HEAD)
  printf '%s' "$commit" >"$RESULT_COMMIT"
  printf '%s' "$safe_url" >"$RESULT_URL"
  echo "git-clone: $safe_url $REVISION is $commit"
  `,
);

/**
 * A Task that fetches one revision of a Git repository into the `source` workspace: `git init`,
 * `git fetch --depth <depth> origin <revision>`, `git checkout FETCH_HEAD`, after emptying the
 * workspace (a reused volume may hold an older checkout).
 *
 * - Params: `url` (HTTPS or SSH), `revision` (a branch, tag, full ref or commit SHA; fetching a
 *   SHA needs a server that allows it, as GitHub and GitLab do) @default "main", `depth` (commits
 *   of history; "0" fetches all) @default "1".
 * - Results: `commit` (the full SHA checked out, no trailing newline), `url` (the URL fetched,
 *   without any user-info part).
 * - Workspace: `source`.
 *
 * Credentials: none are handled here. Tekton's credential initialiser copies the GitCredentials
 * Secrets linked to the run's ServiceAccount into the step's `$HOME` (`.gitconfig` +
 * `.git-credentials`, or `.ssh`). Never put a token in `url`.
 *
 * Security: the step runs as root, the `alpine/git` image's only user: OpenSSH reads its
 * configuration from the passwd entry's home, so an SSH clone as an arbitrary uid fails ("No
 * user exists for uid"). Root gets no capabilities and cannot escalate; it can therefore only
 * write a workspace directory it owns or that is world-writable (emptyDir, most provisioned
 * volumes). The workspace is marked `safe.directory` (through `GIT_CONFIG_*`), so a volume
 * owned by another uid is still accepted by Git.
 */
export function gitCloneTask(opts: GitCloneTaskOptions = {}): TaskSpec {
  const images = taskImages(opts.images);
  return {
    description: "Fetches one revision of a Git repository into the source workspace.",
    params: [
      { name: "url", type: "string", description: "The repository URL (HTTPS or SSH)." },
      {
        name: "revision",
        type: "string",
        description: "Branch, tag, full ref or commit SHA to check out.",
        default: "main",
      },
      {
        name: "depth",
        type: "string",
        description: "Commits of history to fetch; 0 fetches the whole history.",
        default: "1",
      },
    ],
    workspaces: [{ name: "source", description: "Receives the checkout." }],
    results: [
      { name: "commit", type: "string", description: "The full SHA of the checked-out commit." },
      { name: "url", type: "string", description: "The URL fetched, without user-info." },
    ],
    steps: [
      {
        name: "clone",
        image: images.git,
        script: SCRIPT,
        env: [
          env("URL", "$(params.url)"),
          env("REVISION", "$(params.revision)"),
          env("DEPTH", "$(params.depth)"),
          env("CHECKOUT_DIR", "$(workspaces.source.path)"),
          env("RESULT_COMMIT", "$(results.commit.path)"),
          env("RESULT_URL", "$(results.url.path)"),
          // Fail instead of waiting for a password nobody will type.
          env("GIT_TERMINAL_PROMPT", "0"),
          // Git refuses a work tree owned by another uid unless it is a safe.directory; config
          // given in the environment counts as command-line (protected) configuration.
          env("GIT_CONFIG_COUNT", "1"),
          env("GIT_CONFIG_KEY_0", "safe.directory"),
          env("GIT_CONFIG_VALUE_0", "$(workspaces.source.path)"),
        ],
        computeResources: SMALL_STEP,
        securityContext: {
          runAsUser: 0,
          allowPrivilegeEscalation: false,
          capabilities: { drop: ["ALL"] },
          seccompProfile: { type: "RuntimeDefault" },
        },
      },
    ],
  };
}
