import { mkdtemp, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import {
  type CaseLayerResult,
  type CaseResult,
  EVAL_SCHEMA_VERSION,
  EvalResult,
  type FullReviewMode,
  type Report,
  type SuiteResult,
} from "../../schemas/index.js";
import { scanRepository } from "../audit/scan.js";
import { CodeauditError, errorMessage, isInputError } from "../errors.js";
import { toolVersion } from "../util/package-root.js";
import { checkFact } from "./check-facts.js";
import { discoverSuites, type LoadedCase, type LoadedSuite, loadSuite } from "./load-suite.js";
import { type PrepareRepoDeps, prepareRepo } from "./prepare-repo.js";
import type { Reviewer } from "./reviewer.js";
import { type LayerRun, scoreCaseLayer } from "./score-case-layer.js";
import { summariseFacts, summariseLayer } from "./summarise.js";

/** Whether and how the full review runs; "off" carries the reason the table shows. */
export type FullReviewRequest =
  | { mode: "off"; reason: string }
  | { mode: Exclude<FullReviewMode, "off">; replayDir?: string; recordDir?: string };

export interface EvalRequest {
  /** A suite file, a suite folder, or a folder of suite folders (`evals/`). */
  target: string;
  /** Reviews per case and layer, for the stability measure; 1 by default. */
  runs?: number;
  fullReview: FullReviewRequest;
  /** Where git cases are cloned (the ingest cache by default). */
  cacheDir?: string;
  workingDir?: string;
}

export interface EvalDeps {
  /** The deterministic audit of a folder. */
  scan: (dir: string) => Promise<Report>;
  /** The full review; required unless `fullReview.mode` is "off". */
  reviewer?: Reviewer;
  now: () => Date;
  /** One line per case as it finishes (stderr in the CLI). */
  progress?: (line: string) => void;
  prepare?: PrepareRepoDeps;
}

export const defaultEvalDeps: EvalDeps = {
  scan: async (dir) => (await scanRepository(dir)).report,
  now: () => new Date(),
};

/** Loads every suite under the target, reviews each case with both layers, and scores the results. */
export async function runEval(request: EvalRequest, deps: EvalDeps = defaultEvalDeps): Promise<EvalResult> {
  const workingDir = request.workingDir ?? process.cwd();
  const suites: LoadedSuite[] = [];
  for (const file of await discoverSuites(request.target, workingDir)) {
    const suite = await loadSuite(file, workingDir);
    const clash = suites.find((other) => other.name === suite.name);
    if (clash)
      throw new CodeauditError(
        "CONFIG_INVALID",
        `${suite.displayFile}: name: "${suite.name}" is already the name of ${clash.displayFile}`,
      );
    suites.push(suite);
  }
  const workDir = await mkdtemp(path.join(os.tmpdir(), "codeaudit-eval-"));
  const scannerVersions = new Map<string, string>();
  const suiteResults: SuiteResult[] = [];
  try {
    for (const suite of suites) {
      const cases: CaseResult[] = [];
      for (const evalCase of suite.cases) {
        const result = await runCase(suite, evalCase, path.join(workDir, suite.name), request, deps);
        for (const [id, version] of result.scanners) scannerVersions.set(id, version);
        cases.push(result.caseResult);
        deps.progress?.(progressLine(suite.name, result.caseResult));
      }
      suiteResults.push({
        name: suite.name,
        description: suite.description,
        file: suite.displayFile,
        summary: summaryOf(cases),
        cases,
      });
    }
  } finally {
    await rm(workDir, { recursive: true, force: true });
  }
  return EvalResult.parse({
    schemaVersion: EVAL_SCHEMA_VERSION,
    tool: { name: "codeaudit", version: toolVersion() },
    generatedAt: deps.now().toISOString(),
    options: { runs: request.runs ?? 1, fullReview: request.fullReview.mode },
    scanners: [...scannerVersions]
      .map(([id, version]) => ({ id, version }))
      .sort((a, b) => a.id.localeCompare(b.id)),
    summary: summaryOf(suiteResults.flatMap((suite) => suite.cases)),
    suites: suiteResults,
  });
}

/** Puts one case's repository on disk, runs both layers `runs` times, and scores them with the facts. */
async function runCase(
  suite: LoadedSuite,
  evalCase: LoadedCase,
  workDir: string,
  request: EvalRequest,
  deps: EvalDeps,
): Promise<{ caseResult: CaseResult; scanners: Map<string, string> }> {
  const runs = request.runs ?? 1;
  const prepared = await prepareRepo(suite, evalCase, workDir, request.cacheDir, deps.prepare);
  const deterministicRuns = await collectRuns(runs, () => deps.scan(prepared.dir));
  const scanners = new Map<string, string>();
  for (const run of deterministicRuns.runs)
    for (const scanner of run.report.scanners) scanners.set(scanner.id, scanner.version);
  const facts = deterministicRuns.runs[0]?.report.facts ?? {};
  const caseResult: CaseResult = {
    id: evalCase.id,
    repo: {
      ...(evalCase.repo.fixture ? { fixture: evalCase.repo.fixture } : {}),
      ...(evalCase.repo.git ? { git: evalCase.repo.git } : {}),
      commit: prepared.commit,
    },
    facts: evalCase.facts.map((fact) => checkFact(fact, facts)),
    deterministic: layerResult(evalCase, deterministicRuns, "deterministic"),
    full: await fullLayer(suite, evalCase, prepared.dir, runs, request.fullReview, deps.reviewer),
  };
  return { caseResult, scanners };
}

function summaryOf(cases: readonly CaseResult[]): SuiteResult["summary"] {
  return {
    deterministic: summariseLayer(cases.map((result) => result.deterministic)),
    full: summariseLayer(cases.map((result) => result.full)),
    facts: summariseFacts(cases.flatMap((result) => result.facts)),
  };
}

interface CollectedRuns {
  runs: LayerRun[];
  error?: string;
}

/** Runs a review `count` times, timing each; an input error (bad key, bad clone) stops the whole eval. */
async function collectRuns(count: number, review: (run: number) => Promise<Report>): Promise<CollectedRuns> {
  const runs: LayerRun[] = [];
  for (let run = 1; run <= count; run++) {
    const started = performance.now();
    try {
      const report = await review(run);
      runs.push({ report, wallTimeMs: Math.round(performance.now() - started) });
    } catch (error) {
      if (isInputError(error)) throw error;
      return { runs, error: errorMessage(error) };
    }
  }
  return { runs };
}

function layerResult(
  evalCase: LoadedCase,
  collected: CollectedRuns,
  layer: "deterministic" | "full",
): CaseLayerResult {
  if (collected.error !== undefined) return { status: "failed", reason: collected.error };
  return scoreCaseLayer(evalCase, collected.runs, layer);
}

async function fullLayer(
  suite: LoadedSuite,
  evalCase: LoadedCase,
  dir: string,
  runs: number,
  request: FullReviewRequest,
  reviewer: Reviewer | undefined,
): Promise<CaseLayerResult> {
  if (request.mode === "off") return { status: "not-run", reason: request.reason };
  if (!reviewer) return { status: "not-run", reason: "the model review is not available yet" };
  const collected = await collectRuns(runs, (run) =>
    reviewer(dir, {
      mode: request.mode,
      ...(request.replayDir ? { replayDir: request.replayDir } : {}),
      ...(request.recordDir ? { recordDir: request.recordDir } : {}),
      recordingKey: `${suite.name}/${evalCase.id}`,
      run,
    }),
  );
  return layerResult(evalCase, collected, "full");
}

function progressLine(suite: string, result: CaseResult): string {
  const describe = (layer: CaseLayerResult) =>
    layer.status === "scored"
      ? `${layer.counts.matched}/${layer.counts.expected} found, ${layer.counts.falsePositives} false positive${layer.counts.falsePositives === 1 ? "" : "s"}`
      : layer.status === "not-run"
        ? "not run"
        : "failed";
  return `eval ${suite}/${result.id}: deterministic ${describe(result.deterministic)}; full review ${describe(result.full)}`;
}
