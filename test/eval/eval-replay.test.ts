import { mkdir, readdir, readFile, writeFile } from "node:fs/promises";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { EvalResult } from "../../schemas/index.js";
import { answer, claim, cli } from "../cli/review-fixture.js";
import { tempDir } from "../helpers/fixture-repo.js";
import { useLlmKit } from "../llm-kit/llm-kit.js";

const kit = useLlmKit();

/** A one-case suite: a FIXME the scanners find, and a truncation bug only a reviewer can. */
async function tinySuite(): Promise<string> {
  const dir = await tempDir();
  await mkdir(path.join(dir, "tiny", "fixtures", "app"), { recursive: true });
  await writeFile(
    path.join(dir, "tiny", "fixtures", "app", "app.py"),
    "def total(prices):\n    # FIXME: rounding\n    return int(sum(prices))\n",
  );
  await writeFile(
    path.join(dir, "tiny", "suite.yaml"),
    [
      "name: tiny",
      "description: One FIXME and one truncation bug.",
      "cases:",
      "  - id: app",
      "    repo: { fixture: fixtures/app }",
      "    expected:",
      "      - { id: fixme, area: code-quality, severity: low, file: app.py, lines: [2, 2], source: scan }",
      "      - { id: truncation, area: correctness, severity: high, file: app.py, lines: [3, 3], source: llm }",
      "",
    ].join("\n"),
  );
  return path.join(dir, "tiny");
}

describe("codeaudit eval with the model review", () => {
  it("records the full review, then replays it offline with the same scores", async () => {
    const suite = await tinySuite();
    const recordings = path.join(path.dirname(suite), "recordings");
    kit.openai.reply({
      json: answer({
        findings: [
          claim("correctness", {
            title: "Totals are truncated instead of rounded",
            severity: "high",
            file: "app.py",
            startLine: 3,
            evidence: "    return int(sum(prices))",
          }),
        ],
      }),
    });
    for (let call = 0; call < 15; call++) kit.openai.reply({ json: answer() });

    const first = path.join(path.dirname(suite), "recorded.json");
    const recorded = await cli(["eval", suite, "--record", recordings, "--output", first], {
      OPENAI_API_KEY: "sk-test",
    });
    expect(recorded.stderr).not.toMatch(/error/i);
    expect(recorded.code).toBe(0);
    const calls = kit.openai.requests.length;
    expect(calls).toBeGreaterThan(1);
    expect((await readdir(path.join(recordings, "tiny", "app"))).length).toBeGreaterThan(0);

    const second = path.join(path.dirname(suite), "replayed.json");
    const replayed = await cli(["eval", suite, "--replay", recordings, "--output", second], {});
    expect(replayed.code).toBe(0);
    expect(kit.openai.requests).toHaveLength(calls);

    const results = await Promise.all(
      [first, second].map(async (file) => EvalResult.parse(JSON.parse(await readFile(file, "utf8")))),
    );
    const [live, offline] = results.map((result) => result.summary.full);
    expect(live?.status).toBe("scored");
    if (live?.status !== "scored" || offline?.status !== "scored") throw new Error("full review not scored");
    expect(live.recall).toBe(1);
    expect(offline.recall).toBe(live.recall);
    expect(offline.precision).toBe(live.precision);
    expect(results.map((result) => result.options.fullReview)).toEqual(["record", "replay"]);
  });

  it("says clearly when there is nothing to replay", async () => {
    const suite = await tinySuite();
    const result = await cli(["eval", suite, "--replay", path.join(path.dirname(suite), "none")], {});
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(
      /^codeaudit: no recorded model answers in .*record them first with --record\n$/,
    );
    expect(kit.openai.requests).toHaveLength(0);
  });
});
