import { z } from "zod";
import type { RawFindingInput, Severity } from "../schemas/index.js";
import { baseName, ownFiles } from "./lib/files.js";
import { isTestLine, lineText, syntaxOf } from "./lib/syntax.js";
import { type BlockingCall, blockingCalls } from "./lib/syntax-blocking-calls.js";
import { defineScanner } from "./scanner.js";

const Kind = z.enum(["sleep", "network", "subprocess", "filesystem", "cpu"]);
const LANGUAGES = new Set(["python", "rust", "javascript", "typescript", "tsx"]);

export const AsyncBlockingFacts = z.object({
  sites: z.array(
    z.object({
      file: z.string(),
      line: z.number().int(),
      call: z.string(),
      kind: Kind,
      /** The enclosing async function or route handler. */
      scope: z.string(),
      context: z.enum(["async", "handler"]),
      isTest: z.boolean(),
    }),
  ),
  byKind: z.array(z.object({ kind: Kind, production: z.number().int(), test: z.number().int() })),
  /** Async functions and route handlers in production code: the places a blocking call would hurt. */
  asyncScopes: z.number().int(),
  filesScanned: z.number().int(),
});
export type AsyncBlockingFacts = z.infer<typeof AsyncBlockingFacts>;

const SEVERITY: Record<BlockingCall["kind"], Severity> = {
  sleep: "medium",
  network: "medium",
  subprocess: "medium",
  cpu: "medium",
  filesystem: "low",
};

const WHY: Record<BlockingCall["kind"], string> = {
  sleep: "sleeps the whole thread",
  network: "waits on the network",
  subprocess: "waits for a child process",
  cpu: "burns CPU synchronously",
  filesystem: "waits on disk I/O",
};

/** Blocking calls (sleep, sync HTTP, subprocess, sync fs) inside async functions and Node route handlers. */
export const asyncBlockingScanner = defineScanner({
  id: "async-blocking",
  version: "1.2.1",
  title: "Blocking calls in async code",
  description:
    "Python requests/time.sleep/urlopen/subprocess in `async def`, Node *Sync calls in async functions or route handlers, Rust std::thread::sleep/std::fs/reqwest::blocking in async fn; the enclosing function comes from the syntax tree.",
  areas: ["performance", "reliability"],
  facts: AsyncBlockingFacts,
  async run(snapshot) {
    const facts: AsyncBlockingFacts = { sites: [], byKind: [], asyncScopes: 0, filesScanned: 0 };
    const counts = new Map<BlockingCall["kind"], { production: number; test: number }>();
    const findings: RawFindingInput[] = [];
    for (const file of ownFiles(snapshot)) {
      if (!file.language || !LANGUAGES.has(file.language)) continue;
      const analysis = await syntaxOf(snapshot, file);
      facts.filesScanned++;
      if (!file.isTest)
        facts.asyncScopes += analysis.functions.filter(
          (scope) => (scope.isAsync || scope.isHandler) && !isTestLine(analysis, scope.line),
        ).length;
      const byScope = new Map<number, BlockingCall[]>();
      for (const call of blockingCalls(analysis)) {
        const isTest = file.isTest || isTestLine(analysis, call.line);
        const count = counts.get(call.kind) ?? { production: 0, test: 0 };
        count[isTest ? "test" : "production"]++;
        counts.set(call.kind, count);
        facts.sites.push({
          file: file.path,
          line: call.line,
          call: call.call,
          kind: call.kind,
          scope: call.scope.name,
          context: call.context,
          isTest,
        });
        if (!isTest) byScope.set(call.scope.start, [...(byScope.get(call.scope.start) ?? []), call]);
      }
      for (const calls of byScope.values()) {
        const first = calls[0] as BlockingCall;
        const worst = calls.some((call) => SEVERITY[call.kind] === "medium") ? "medium" : "low";
        const where =
          first.context === "handler"
            ? `route handler \`${first.scope.name}\``
            : `async function \`${first.scope.name}\``;
        const list = calls
          .map((call) => `\`${call.call}\` (line ${call.line}, ${WHY[call.kind]})`)
          .join(", ");
        findings.push({
          ruleId: "async-blocking/blocking-call",
          area: "performance",
          severity: worst,
          title: `Blocking ${calls.length === 1 ? `call \`${first.call}\`` : `calls (${calls.length})`} in ${where} (${baseName(file.path)})`,
          description: `Inside the ${where}: ${list}. While it blocks, the event loop or runtime worker serves nothing else, so one slow call stalls every concurrent request.`,
          recommendation: recommendationFor(file.language, calls),
          location: { file: file.path, startLine: first.line, endLine: first.line },
          evidence: lineText(analysis, first.line),
        });
      }
    }
    for (const kind of Kind.options) {
      const count = counts.get(kind);
      if (count) facts.byKind.push({ kind, ...count });
    }
    const strengths =
      facts.asyncScopes > 0 && facts.sites.every((site) => site.isTest)
        ? [
            {
              area: "performance" as const,
              text: `No blocking calls found in ${facts.asyncScopes} async functions and route handlers.`,
            },
          ]
        : [];
    return { facts, findings, strengths };
  },
});

function recommendationFor(language: string, calls: BlockingCall[]): string {
  if (language === "python")
    return calls.some((call) => call.kind === "sleep")
      ? "Use `await asyncio.sleep(…)`, an async client (httpx.AsyncClient, aiohttp), `asyncio.create_subprocess_exec`, or `await asyncio.to_thread(…)` for unavoidable blocking work."
      : "Use an async client (httpx.AsyncClient, aiohttp), `asyncio.create_subprocess_exec`, or `await asyncio.to_thread(…)` for unavoidable blocking work.";
  if (language === "rust")
    return "Use `tokio::time::sleep(…).await`, `tokio::fs`, the async reqwest client, or move the work into `tokio::task::spawn_blocking`.";
  return "Use the promise APIs (`fs/promises`, `child_process` with callbacks or `util.promisify`, async crypto/zlib) or do the work once at start-up.";
}
