/**
 * Preloaded (`NODE_OPTIONS=--require`) into the Node processes a Pulumi command starts, by
 * bench/platform.bench.ts. In the program's process (the one whose `@pulumi/pulumi/cmd/run`
 * requires the program's main module) it records, as epoch milliseconds, when the main module
 * began and finished loading (everything the program does before its first `await`: requiring the
 * package, reading the config, constructing the components) and when the process exited, to
 * `$KD_TIMELINE_DIR/<pid>.json`. Other processes (policy packs, plugins) write nothing.
 */
import * as fs from "fs";
import * as path from "path";

/** What one program process recorded (epoch ms). */
export interface ProgramTimeline {
  /** The main module, as the language host gave it. */
  main: string;
  mainLoadStart: number;
  mainLoadEnd: number;
  exit: number;
}

/** The timelines recorded in `dir`, oldest first. */
export function readTimelines(dir: string): ProgramTimeline[] {
  return fs
    .readdirSync(dir)
    .filter((f) => f.endsWith(".json"))
    .map((f) => JSON.parse(fs.readFileSync(path.join(dir, f), "utf8")) as ProgramTimeline)
    .sort((a, b) => a.mainLoadStart - b.mainLoadStart);
}

const RUNNER = path.join("@pulumi", "pulumi", "cmd", "run", "run.js");

function install(dir: string): void {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const Module = require("module") as {
    _load: (request: string, parent: { filename?: string } | undefined, isMain: boolean) => unknown;
  };
  const load = Module._load;
  const t: Partial<ProgramTimeline> = {};
  Module._load = function (request, parent, isMain) {
    // run.js requires the program by its absolute path; what else it requires are packages.
    const isProgram =
      t.main === undefined &&
      parent?.filename?.endsWith(RUNNER) === true &&
      path.isAbsolute(request) &&
      !request.includes(`${path.sep}node_modules${path.sep}`);
    if (!isProgram) return load.call(this, request, parent, isMain);
    t.main = request;
    t.mainLoadStart = Date.now();
    try {
      return load.call(this, request, parent, isMain);
    } finally {
      t.mainLoadEnd = Date.now();
    }
  };
  process.on("exit", () => {
    if (t.main === undefined) return;
    t.exit = Date.now();
    fs.writeFileSync(path.join(dir, `${process.pid}.json`), JSON.stringify(t));
  });
}

if (process.env.KD_TIMELINE_DIR) install(process.env.KD_TIMELINE_DIR);
