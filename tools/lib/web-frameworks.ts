import type { RepoSnapshot } from "../../src/ingest/snapshot.js";
import { ownFiles } from "./files.js";
import { type Ecosystem, ecosystemOf } from "./packages.js";
import { matchCode, mayMatch, readParsedSource, withGlobal } from "./source-text.js";

/** An HTTP server framework and the pattern that shows a file uses it. */
export interface WebFrameworkRule {
  id: string;
  name: string;
  ecosystem: Ecosystem;
  pattern: RegExp;
  /**
   * What shows an application is built or started (`Flask(__name__)`, `express()`), checked in the
   * files that use the framework: an extension or middleware library imports the framework without
   * serving anything. Without it, the pattern itself shows a server.
   */
  app?: RegExp;
}

export const WEB_FRAMEWORKS: WebFrameworkRule[] = [
  {
    id: "axum",
    name: "axum",
    ecosystem: "rust",
    pattern: /\buse\s+axum\b|\baxum::/,
    app: /\bRouter::(?:<[^>]*>::)?new\s*\(|\baxum::serve\s*\(|\bServer::bind\b/,
  },
  {
    id: "actix-web",
    name: "actix-web",
    ecosystem: "rust",
    pattern: /\bactix_web\b/,
    app: /\bHttpServer::new\s*\(/,
  },
  {
    id: "rocket",
    name: "Rocket",
    ecosystem: "rust",
    pattern: /\brocket::|\buse\s+rocket\b|#\[launch\]/,
    app: /#\[launch\]|\brocket::(?:build|ignite)\s*\(/,
  },
  {
    id: "warp",
    name: "warp",
    ecosystem: "rust",
    pattern: /\bwarp::(?:serve|Filter)\b|\buse\s+warp\b/,
    app: /\bwarp::serve\s*\(/,
  },
  {
    id: "poem",
    name: "poem",
    ecosystem: "rust",
    pattern: /\bpoem::|\buse\s+poem\b/,
    app: /\bServer::new\s*\(/,
  },
  {
    id: "hyper",
    name: "hyper server",
    ecosystem: "rust",
    pattern: /\bhyper::server\b|\bhyper::Server::bind\b|\bhyper_util::server\b/,
  },
  {
    id: "express",
    name: "Express",
    ecosystem: "node",
    pattern: moduleImport("express"),
    app: /(?<![\w.])express\s*\(\s*\)|require\(\s*["']express["']\s*\)\s*\(/,
  },
  {
    id: "fastify",
    name: "Fastify",
    ecosystem: "node",
    pattern: moduleImport("fastify"),
    app: /(?<![\w.])[Ff]astify\s*\(|require\(\s*["']fastify["']\s*\)\s*\(/,
  },
  { id: "koa", name: "Koa", ecosystem: "node", pattern: moduleImport("koa"), app: /\bnew\s+[Kk]oa\s*\(/ },
  { id: "hono", name: "Hono", ecosystem: "node", pattern: moduleImport("hono"), app: /\bnew\s+Hono\s*[<(]/ },
  {
    id: "nestjs",
    name: "NestJS",
    ecosystem: "node",
    pattern: moduleImport("@nestjs/core"),
    app: /\bNestFactory\.create\w*\s*[<(]/,
  },
  {
    id: "node-http",
    name: "Node http server",
    ecosystem: "node",
    pattern:
      /\bhttps?2?\.create(?:Secure)?Server\s*\(|\{[^}]*\bcreate(?:Secure)?Server\b[^}]*\}\s*(?:from\s*|=\s*require\(\s*)["'](?:node:)?https?2?["']/,
    app: /\bcreate(?:Secure)?Server\s*\(/,
  },
  {
    id: "fastapi",
    name: "FastAPI",
    ecosystem: "python",
    pattern: /^\s*(?:from|import)\s+fastapi\b/,
    app: /\bFastAPI\s*\(/,
  },
  {
    id: "flask",
    name: "Flask",
    ecosystem: "python",
    pattern: /^\s*(?:from|import)\s+flask\b/,
    app: /\bFlask\s*\(/,
  },
  {
    id: "django",
    name: "Django",
    ecosystem: "python",
    pattern: /^\s*(?:from|import)\s+django\b/,
    app: /\b(?:execute_from_command_line|get_wsgi_application|get_asgi_application)\b/,
  },
  {
    id: "starlette",
    name: "Starlette",
    ecosystem: "python",
    pattern: /^\s*from\s+starlette\.applications\s+import\b/,
    app: /\bStarlette\s*\(/,
  },
  {
    id: "aiohttp",
    name: "aiohttp server",
    ecosystem: "python",
    pattern: /^\s*from\s+aiohttp\s+import\s+(?:.*\b)?web\b/,
    app: /\bweb\.(?:Application|run_app)\s*\(/,
  },
  {
    id: "tornado",
    name: "Tornado",
    ecosystem: "python",
    pattern: /^\s*(?:from|import)\s+tornado\.web\b/,
    app: /\bApplication\s*\(/,
  },
  {
    id: "sanic",
    name: "Sanic",
    ecosystem: "python",
    pattern: /^\s*(?:from|import)\s+sanic\b/,
    app: /\bSanic\s*\(/,
  },
  {
    id: "net-http",
    name: "Go net/http",
    ecosystem: "go",
    pattern: /\bhttp\.(?:ListenAndServe(?:TLS)?|HandleFunc|NewServeMux)\s*\(|&http\.Server\s*\{/,
  },
  {
    id: "gin",
    name: "Gin",
    ecosystem: "go",
    pattern: /"github\.com\/gin-gonic\/gin"/,
    app: /\bgin\.(?:Default|New)\s*\(/,
  },
  {
    id: "echo",
    name: "Echo",
    ecosystem: "go",
    pattern: /"github\.com\/labstack\/echo(?:\/v\d+)?"/,
    app: /\becho\.New\s*\(/,
  },
  {
    id: "fiber",
    name: "Fiber",
    ecosystem: "go",
    pattern: /"github\.com\/gofiber\/fiber(?:\/v\d+)?"/,
    app: /\bfiber\.New\s*\(/,
  },
  {
    id: "chi",
    name: "chi",
    ecosystem: "go",
    pattern: /"github\.com\/go-chi\/chi(?:\/v\d+)?"/,
    app: /\bchi\.NewRouter\s*\(/,
  },
  {
    id: "gorilla-mux",
    name: "gorilla/mux",
    ecosystem: "go",
    pattern: /"github\.com\/gorilla\/mux"/,
    app: /\bmux\.NewRouter\s*\(/,
  },
  {
    id: "spring",
    name: "Spring Web",
    ecosystem: "jvm",
    pattern: /@(?:RestController|SpringBootApplication)\b|\borg\.springframework\.web\b/,
  },
  {
    id: "ktor",
    name: "Ktor",
    ecosystem: "jvm",
    pattern: /\bio\.ktor\.server\b/,
    app: /\bembeddedServer\s*\(|\bfun\s+Application\.\w+\s*\(|\bEngineMain\b/,
  },
];

function moduleImport(name: string): RegExp {
  const escaped = name.replace(/[/.]/g, (ch) => `\\${ch}`);
  return new RegExp(`(?:\\brequire\\s*\\(\\s*|\\bfrom\\s+|\\bimport\\s+)["']${escaped}["']`);
}

/** TypeScript declaration files describe an API's types; they run nothing. */
export function isDeclarationFile(path: string): boolean {
  return /\.d\.[cm]?ts$/.test(path);
}

/** A framework the production code uses, with the first place that shows it. */
export interface WebFrameworkUse {
  id: string;
  name: string;
  ecosystem: Ecosystem;
  files: string[];
  first: { file: string; line: number };
}

const detected = new WeakMap<RepoSnapshot, Promise<WebFrameworkUse[]>>();

/**
 * The HTTP server frameworks that production (non-test) code imports or calls, and builds or starts
 * an application with somewhere. Worked out once per snapshot (three scanners ask); each caller gets
 * its own copy.
 */
export async function detectWebFrameworks(snapshot: RepoSnapshot): Promise<WebFrameworkUse[]> {
  let uses = detected.get(snapshot);
  if (!uses) {
    uses = detectOnce(snapshot);
    detected.set(snapshot, uses);
    uses.catch(() => detected.delete(snapshot));
  }
  return (await uses).map((use) => ({ ...use, files: [...use.files], first: { ...use.first } }));
}

async function detectOnce(snapshot: RepoSnapshot): Promise<WebFrameworkUse[]> {
  const found = new Map<string, WebFrameworkUse>();
  const serving = new Set<string>();
  for (const file of ownFiles(snapshot)) {
    const ecosystem = ecosystemOf(file.language);
    if (!ecosystem || file.isTest || isDeclarationFile(file.path)) continue;
    const rules = WEB_FRAMEWORKS.filter((rule) => rule.ecosystem === ecosystem);
    const text = await snapshot.read(file.path);
    // Line-anchored patterns (`^from flask`) must be tried on every line, not only the first.
    if (
      !mayMatch(
        text,
        rules.map((rule) => rule.pattern),
      )
    )
      continue;
    const candidates = rules.filter((rule) => mayMatch(text, [rule.pattern]));
    if (candidates.length === 0) continue;
    // Parsed, so an import written inside a code generator's template literal is not an import.
    const source = await readParsedSource(snapshot, file);
    const production = (pattern: RegExp) =>
      matchCode(source, withGlobal(pattern), { startInCode: true }).find(
        (match) => !source.isTestLine(match.line),
      );
    for (const rule of candidates) {
      const hit = production(rule.pattern);
      if (!hit) continue;
      if (!rule.app || production(rule.app)) serving.add(rule.id);
      const use = found.get(rule.id);
      if (use) use.files.push(file.path);
      else
        found.set(rule.id, {
          id: rule.id,
          name: rule.name,
          ecosystem,
          files: [file.path],
          first: { file: file.path, line: hit.line },
        });
    }
  }
  return WEB_FRAMEWORKS.flatMap((rule) => (serving.has(rule.id) ? (found.get(rule.id) ?? []) : []));
}
