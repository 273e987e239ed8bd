import { describe, expect, it } from "vitest";
import type { AreaOutput } from "../../schemas/index.js";
import { ingest } from "../../src/ingest/ingest.js";
import { emptyUsage } from "../../src/llm/types.js";
import { Redactor } from "../../src/redact/redactor.js";
import { areaResult } from "../../src/review/area-result.js";
import type { BatchOutcome } from "../../src/review/review-batch.js";
import { FILES } from "../cli/review-fixture.js";
import { makeRepo } from "../helpers/fixture-repo.js";

const PROMPT = { id: "reliability", version: "1.0.0" };

function done(output: Partial<AreaOutput>): BatchOutcome {
  return {
    status: "done",
    id: "reliability#1",
    output: { findings: [], scannerFindings: [], strengths: [], summary: "", ...output },
    cached: false,
    calls: 1,
    toolCalls: 0,
    usage: emptyUsage(),
    notes: [],
  };
}

const failed = (reason: string): BatchOutcome => ({
  status: "failed",
  id: "reliability#2",
  reason,
  error: null,
});

describe("areaResult", () => {
  it("joins summaries, keeps strengths once, and shows a place only when the file has that line", async () => {
    const snapshot = await ingest(await makeRepo(FILES));
    const result = areaResult(
      "reliability",
      [
        done({
          summary: "First part.",
          strengths: [
            { description: "Config is read once.", file: "src/client.ts", line: 9 },
            { description: "Retries with jitter.", file: "src/client.ts", line: 400 },
            { description: "Nothing here.", file: "src/missing.ts", line: 1 },
          ],
        }),
        done({
          summary: "Second part.",
          strengths: [{ description: "config is read  ONCE.", file: null, line: null }],
        }),
      ],
      PROMPT,
      snapshot,
      Redactor.empty(),
    );
    expect(result).toEqual({
      status: "completed",
      summary: "First part.\n\nSecond part.",
      strengths: ["Config is read once. (`src/client.ts:9`)", "Retries with jitter.", "Nothing here."],
      prompt: PROMPT,
    });
  });

  it("is failed when every batch failed, partial when some did or a stop left some unreviewed", async () => {
    const snapshot = await ingest(await makeRepo(FILES));
    const redactor = Redactor.empty();
    expect(
      areaResult("reliability", [failed("boom\nsecond line")], PROMPT, snapshot, redactor),
    ).toMatchObject({
      status: "failed",
      reason: "boom second line",
    });
    expect(areaResult("reliability", [done({}), failed("boom")], PROMPT, snapshot, redactor)).toMatchObject({
      status: "partial",
      reason: "1 of 2 batches reviewed (reliability); boom",
    });
    const stopped: BatchOutcome = {
      status: "budget",
      id: "x",
      reason: "not reviewed: --max-cost was reached",
      error: null,
    };
    expect(areaResult("reliability", [stopped], PROMPT, snapshot, redactor)).toMatchObject({
      status: "partial",
      reason: "0 of 1 batch reviewed (reliability); not reviewed: --max-cost was reached",
    });
  });
});
