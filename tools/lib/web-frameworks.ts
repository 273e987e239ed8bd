import type { RepoSnapshot } from "../../src/ingest/snapshot.js";
import { ownFiles } from "./files.js";
import { type Ecosystem, ecosystemOf } from "./packages.js";
import { matchCode, readSource } from "./source-text.js";

/** An HTTP server framework and the pattern that shows a file uses it. */
export interface WebFrameworkRule {
  id: string;
  name: string;
  ecosystem: Ecosystem;
  pattern: RegExp;
}

export const WEB_FRAMEWORKS: WebFrameworkRule[] = [
  { id: "axum", name: "axum", ecosystem: "rust", pattern: /\buse\s+axum\b|\baxum::/ },
  { id: "actix-web", name: "actix-web", ecosystem: "rust", pattern: /\bactix_web\b/ },
  { id: "rocket", name: "Rocket", ecosystem: "rust", pattern: /\brocket::|\buse\s+rocket\b|#\[launch\]/ },
  { id: "warp", name: "warp", ecosystem: "rust", pattern: /\bwarp::(?:serve|Filter)\b|\buse\s+warp\b/ },
  { id: "poem", name: "poem", ecosystem: "rust", pattern: /\bpoem::|\buse\s+poem\b/ },
  {
    id: "hyper",
    name: "hyper server",
    ecosystem: "rust",
    pattern: /\bhyper::server\b|\bhyper::Server::bind\b|\bhyper_util::server\b/,
  },
  { id: "express", name: "Express", ecosystem: "node", pattern: moduleImport("express") },
  { id: "fastify", name: "Fastify", ecosystem: "node", pattern: moduleImport("fastify") },
  { id: "koa", name: "Koa", ecosystem: "node", pattern: moduleImport("koa") },
  { id: "hono", name: "Hono", ecosystem: "node", pattern: moduleImport("hono") },
  { id: "nestjs", name: "NestJS", ecosystem: "node", pattern: moduleImport("@nestjs/core") },
  { id: "node-http", name: "Node http server", ecosystem: "node", pattern: /\bhttps?\.createServer\s*\(/ },
  { id: "fastapi", name: "FastAPI", ecosystem: "python", pattern: /^\s*(?:from|import)\s+fastapi\b/ },
  { id: "flask", name: "Flask", ecosystem: "python", pattern: /^\s*(?:from|import)\s+flask\b/ },
  { id: "django", name: "Django", ecosystem: "python", pattern: /^\s*(?:from|import)\s+django\b/ },
  {
    id: "starlette",
    name: "Starlette",
    ecosystem: "python",
    pattern: /^\s*from\s+starlette\.applications\s+import\b/,
  },
  {
    id: "aiohttp",
    name: "aiohttp server",
    ecosystem: "python",
    pattern: /^\s*from\s+aiohttp\s+import\s+(?:.*\b)?web\b/,
  },
  { id: "tornado", name: "Tornado", ecosystem: "python", pattern: /^\s*(?:from|import)\s+tornado\.web\b/ },
  { id: "sanic", name: "Sanic", ecosystem: "python", pattern: /^\s*(?:from|import)\s+sanic\b/ },
  {
    id: "net-http",
    name: "Go net/http",
    ecosystem: "go",
    pattern: /\bhttp\.(?:ListenAndServe(?:TLS)?|HandleFunc|NewServeMux)\s*\(|&http\.Server\s*\{/,
  },
  { id: "gin", name: "Gin", ecosystem: "go", pattern: /"github\.com\/gin-gonic\/gin"/ },
  { id: "echo", name: "Echo", ecosystem: "go", pattern: /"github\.com\/labstack\/echo(?:\/v\d+)?"/ },
  { id: "fiber", name: "Fiber", ecosystem: "go", pattern: /"github\.com\/gofiber\/fiber(?:\/v\d+)?"/ },
  { id: "chi", name: "chi", ecosystem: "go", pattern: /"github\.com\/go-chi\/chi(?:\/v\d+)?"/ },
  { id: "gorilla-mux", name: "gorilla/mux", ecosystem: "go", pattern: /"github\.com\/gorilla\/mux"/ },
  {
    id: "spring",
    name: "Spring Web",
    ecosystem: "jvm",
    pattern: /@(?:RestController|SpringBootApplication)\b|\borg\.springframework\.web\b/,
  },
  { id: "ktor", name: "Ktor", ecosystem: "jvm", pattern: /\bio\.ktor\.server\b/ },
];

function moduleImport(name: string): RegExp {
  const escaped = name.replace(/[/.]/g, (ch) => `\\${ch}`);
  return new RegExp(`(?:require\\(\\s*|\\bfrom\\s+|\\bimport\\s+)["']${escaped}["']`);
}

/** A framework the production code uses, with the first place that shows it. */
export interface WebFrameworkUse {
  id: string;
  name: string;
  ecosystem: Ecosystem;
  files: string[];
  first: { file: string; line: number };
}

/** The HTTP server frameworks that production (non-test) code imports or calls. */
export async function detectWebFrameworks(snapshot: RepoSnapshot): Promise<WebFrameworkUse[]> {
  const found = new Map<string, WebFrameworkUse>();
  for (const file of ownFiles(snapshot)) {
    const ecosystem = ecosystemOf(file.language);
    if (!ecosystem || file.isTest) continue;
    const rules = WEB_FRAMEWORKS.filter((rule) => rule.ecosystem === ecosystem);
    const text = await snapshot.read(file.path);
    const candidates = rules.filter((rule) => rule.pattern.test(text));
    if (candidates.length === 0) continue;
    const source = await readSource(snapshot, file);
    for (const rule of candidates) {
      const hit = matchCode(source, new RegExp(rule.pattern.source, "g")).find(
        (match) => !source.isTestLine(match.line),
      );
      if (!hit) continue;
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
  return WEB_FRAMEWORKS.flatMap((rule) => found.get(rule.id) ?? []);
}
