import {
  type CodeMatch,
  codeMatches,
  enclosingFunction,
  type SyntaxAnalysis,
  type SyntaxFunction,
} from "./syntax.js";

/** A blocking call made where it stalls an event loop or async runtime. */
export interface BlockingCall {
  /** The call as written, normalised (`time.sleep`, `fs.readFileSync`, `std::fs::read_to_string`). */
  call: string;
  kind: "sleep" | "network" | "subprocess" | "filesystem" | "cpu";
  line: number;
  offset: number;
  scope: SyntaxFunction;
  /** async: inside an async function; handler: inside a web route handler (Node). */
  context: "async" | "handler";
}

interface CallRule {
  pattern: RegExp;
  kind: BlockingCall["kind"];
  /** Only when this matches the file's code (e.g. `from time import sleep` for a bare `sleep(`). */
  requires?: RegExp;
  /** Not when this matches (e.g. `use tokio::fs` makes `fs::read` async). */
  unless?: RegExp;
}

const DOCKER_SDK = /\bimport\s+docker\b|\bdocker\.(?:from_env|DockerClient)\b|\bdocker_client\b/;

const PYTHON_RULES: CallRule[] = [
  { pattern: /(?<![\w.])(time\s*\.\s*sleep)\s*\(/g, kind: "sleep" },
  { pattern: /(?<![\w.])(sleep)\s*\(/g, kind: "sleep", requires: /\bfrom\s+time\s+import\b[^\n]*\bsleep\b/ },
  {
    pattern: /(?<![\w.])(requests\s*\.\s*(?:get|post|put|patch|delete|head|options|request))\s*\(/g,
    kind: "network",
  },
  {
    pattern: /(?<![\w.])(httpx\s*\.\s*(?:get|post|put|patch|delete|head|options|request))\s*\(/g,
    kind: "network",
  },
  { pattern: /(?<![\w.])((?:urllib\s*\.\s*)?request\s*\.\s*urlopen)\s*\(/g, kind: "network" },
  {
    pattern: /(?<![\w.])(urlopen)\s*\(/g,
    kind: "network",
    requires: /\bfrom\s+urllib(?:2|\.request)\s+import\b[^\n]*\burlopen\b/,
  },
  {
    pattern: /(?<![\w.])(subprocess\s*\.\s*(?:run|call|check_call|check_output))\s*\(/g,
    kind: "subprocess",
  },
  { pattern: /(?<![\w.])(os\s*\.\s*system)\s*\(/g, kind: "subprocess" },
  // Resolver and connect calls of the socket module wait on the network; `loop.getaddrinfo` does not.
  {
    pattern:
      /(?<![\w.])(socket\s*\.\s*(?:getaddrinfo|gethostbyname(?:_ex)?|gethostbyaddr|create_connection))\s*\(/g,
    kind: "network",
  },
  // The Docker SDK answers over the daemon's socket, synchronously (`container.stats(stream=False)` waits
  // for a full stats cycle).
  {
    pattern:
      /(?<![\w.])(\w*(?:docker|client)\w*\s*\.\s*(?:containers|images|networks|volumes)\s*\.\s*(?:get|list|run|create|prune|pull))\s*\(/gi,
    kind: "network",
    requires: DOCKER_SDK,
  },
  // The low-level API client (`docker_client.api.exec_create(…)`) makes the same daemon round trips;
  // private helpers (`api._url`) only build requests.
  {
    pattern: /(?<![\w.])(\w*(?:docker|client)\w*\s*\.\s*api\s*\.\s*(?!_)\w+)\s*\(/gi,
    kind: "network",
    requires: DOCKER_SDK,
  },
  { pattern: /(?<![\w])(\w+\s*\.\s*stats)\s*\(\s*stream\s*=\s*False\b/g, kind: "network" },
  // Disk I/O on the event loop (`aiofiles.open` and `anyio.open_file` are the async spellings).
  { pattern: /(?<![\w.])(open)\s*\(/g, kind: "filesystem" },
  {
    pattern: /(?<![\w.])(shutil\s*\.\s*(?:copyfileobj|copyfile|copy2?|copytree|move|rmtree))\s*\(/g,
    kind: "filesystem",
  },
];

const NODE_SYNC =
  "readFileSync|writeFileSync|appendFileSync|existsSync|statSync|lstatSync|readdirSync|mkdirSync|rmSync|rmdirSync|unlinkSync|copyFileSync|renameSync|accessSync|openSync|readSync|writeSync|realpathSync";
const NODE_RULES: CallRule[] = [
  {
    pattern: new RegExp(`(?<![\\w$])((?:[\\w$]+\\s*\\.\\s*)?(?:${NODE_SYNC}))\\s*\\(`, "g"),
    kind: "filesystem",
  },
  {
    pattern: /(?<![\w$])((?:[\w$]+\s*\.\s*)?(?:execSync|execFileSync|spawnSync))\s*\(/g,
    kind: "subprocess",
  },
  {
    pattern:
      /(?<![\w$])((?:[\w$]+\s*\.\s*)?(?:pbkdf2Sync|scryptSync|gzipSync|gunzipSync|deflateSync|inflateSync|brotliCompressSync|hashSync|compareSync|genSaltSync))\s*\(/g,
    kind: "cpu",
  },
];

// `fs::` names tokio's (or async-std's) module only where that import binds the name `fs`:
// `use tokio::fs;`, `use tokio::{fs, …}`, `use tokio::fs::{self, …}`; `use tokio::fs::File;` does not.
const ASYNC_FS =
  /\buse\s+(?:tokio|async_std)\s*::\s*(?:fs\s*(?:;|as\s+fs\b)|fs\s*::\s*\{[^}]*\bself\b|\{[^}]*\bfs\b\s*[,}])/;
const RUST_RULES: CallRule[] = [
  { pattern: /(?<![\w:])((?:std\s*::\s*)?thread\s*::\s*sleep)\s*\(/g, kind: "sleep" },
  { pattern: /(?<![\w:])(std\s*::\s*fs\s*::\s*\w+)\s*\(/g, kind: "filesystem" },
  {
    pattern: /(?<![\w:])(fs\s*::\s*\w+)\s*\(/g,
    kind: "filesystem",
    requires: /\buse\s+std\s*::\s*(?:fs\b|\{[^}]*\bfs\b)/,
    unless: ASYNC_FS,
  },
  {
    pattern: /(?<![\w:])((?:std\s*::\s*fs\s*::\s*)?File\s*::\s*(?:open|create))\s*\(/g,
    kind: "filesystem",
    requires: /\bstd\s*::\s*fs\s*::\s*(?:File\b|\{[^}]*\bFile\b)|\bstd\s*::\s*fs\s*::\s*File\s*::/,
  },
  { pattern: /(?<![\w:])(reqwest\s*::\s*blocking\s*::\s*[\w:]+)/g, kind: "network" },
];

// A closure handed to one of these runs on a thread where blocking is the point.
const OFFLOADED =
  /(?:spawn_blocking|block_in_place|thread\s*::\s*spawn|rayon\s*::\s*spawn|scope\s*\.\s*spawn)\s*\(\s*$/;

/** Blocking calls inside async code (or Node route handlers) of one analysed file. */
export function blockingCalls(analysis: SyntaxAnalysis): BlockingCall[] {
  const rules =
    analysis.language === "python"
      ? PYTHON_RULES
      : analysis.language === "rust"
        ? RUST_RULES
        : /^(javascript|typescript|tsx)$/.test(analysis.language ?? "")
          ? NODE_RULES
          : [];
  const calls: BlockingCall[] = [];
  const seen = new Set<number>();
  for (const rule of rules) {
    if (rule.requires && !rule.requires.test(analysis.codeText)) continue;
    if (rule.unless?.test(analysis.codeText)) continue;
    for (const match of codeMatches(analysis, rule.pattern)) {
      if (seen.has(match.offset)) continue;
      const context = blockingContext(analysis, match);
      if (!context) continue;
      seen.add(match.offset);
      calls.push({
        call: (match.match[1] ?? "").replace(/\s+/g, ""),
        kind: rule.kind,
        line: match.line,
        offset: match.offset,
        ...context,
      });
    }
  }
  return calls.sort((a, b) => a.offset - b.offset);
}

function blockingContext(
  analysis: SyntaxAnalysis,
  match: CodeMatch,
): Pick<BlockingCall, "scope" | "context"> | undefined {
  const innermost = enclosingFunction(analysis, match.offset);
  if (!innermost) return undefined;
  if (analysis.language === "python")
    return innermost.isAsync ? { scope: innermost, context: "async" } : undefined;
  // Rust closures and JS callbacks run inline unless handed to a blocking pool, so the nearest
  // named scope decides; Node blocks the event loop anywhere under a handler or async function.
  for (let scope: SyntaxFunction | undefined = innermost; scope; scope = parentScope(analysis, scope)) {
    if (scope.isAsync) return { scope, context: "async" };
    if (scope.isHandler) return { scope, context: "handler" };
    if (analysis.language !== "rust" || scope.name !== "<closure>") {
      if (analysis.language === "rust") return undefined;
      continue;
    }
    if (OFFLOADED.test(analysis.codeText.slice(Math.max(0, scope.start - 80), scope.start))) return undefined;
  }
  return undefined;
}

function parentScope(analysis: SyntaxAnalysis, child: SyntaxFunction): SyntaxFunction | undefined {
  let parent: SyntaxFunction | undefined;
  for (const candidate of analysis.functions) {
    if (candidate.start > child.start) break;
    if (candidate === child || candidate.end < child.end) continue;
    if (candidate.start === child.start && candidate.end === child.end) continue;
    parent = candidate;
  }
  return parent;
}
