import { beforeAll, describe, expect, it } from "vitest";
import { ingest } from "../../src/ingest/ingest.js";
import type { RepoSnapshot } from "../../src/ingest/snapshot.js";
import { type CitedFinding, verifyFindings } from "../../src/verify/verify-findings.js";
import { makeRepo } from "../helpers/fixture-repo.js";

const SERVER = [
  'import express from "express";', // 1
  "", // 2
  "const app = express();", // 3
  "", // 4
  'app.get("/users/:id", async (req, res) => {', // 5
  '  const rows = await db.query("SELECT * FROM users WHERE id = " + req.params.id);', // 6
  "  res.json(rows);", // 7
  "});", // 8
  "", // 9
  'app.post("/login", async (req, res) => {', // 10
  "  const user = await findUser(req.body.name);", // 11
  "", // 12
  "  if (user.password === req.body.password) {", // 13
  "    res.json({ token: sign(user) });", // 14
  "  }", // 15
  "});", // 16
  "", // 17
  "app.listen(3000);", // 18
].join("\n");

// The same call three times, so a quote of it is ambiguous and must go to the nearest one.
const RETRY = Array.from({ length: 45 }, (_, index) =>
  [5, 20, 40].includes(index + 1)
    ? '    await fetch(url, { method: "POST", body });'
    : `  step${index + 1}();`,
).join("\n");

let snapshot: RepoSnapshot;
beforeAll(async () => {
  const root = await makeRepo(
    {
      "src/server.ts": `${SERVER}\n`,
      "src/retry.ts": `${RETRY}\n`,
      "assets/logo.png": Buffer.from([0x89, 0x50, 0x4e, 0x47, 0, 0, 0, 0]),
    },
    { git: false },
  );
  snapshot = await ingest(root);
});

function cite(file: string, startLine: number, endLine: number, evidence: string): CitedFinding {
  return { file, startLine, endLine, evidence };
}

async function verifyOne(finding: CitedFinding) {
  const result = await verifyFindings([finding], snapshot);
  return {
    location: result.findings.map((found) => ({
      file: found.file,
      startLine: found.startLine,
      endLine: found.endLine,
      status: found.verification,
    }))[0],
    evidence: result.findings[0]?.evidence,
    dropped: result.dropped.map((entry) => ({ reason: entry.reason, detail: entry.detail }))[0],
  };
}

describe("verifyFindings", () => {
  it("keeps an exact quote at its cited line and reports the file's own text", async () => {
    const line6 = '  const rows = await db.query("SELECT * FROM users WHERE id = " + req.params.id);';
    expect(await verifyOne(cite("src/server.ts", 6, 6, line6))).toEqual({
      location: { file: "src/server.ts", startLine: 6, endLine: 6, status: "verified" },
      evidence: line6,
      dropped: undefined,
    });
  });

  it("matches a quote whose whitespace differs, and returns the real indentation, not the model's", async () => {
    const result = await verifyOne(
      cite(
        "src/server.ts",
        13,
        14,
        "if (user.password   ===\treq.body.password) {\n      res.json({ token: sign(user) });",
      ),
    );
    expect(result.location).toEqual({
      file: "src/server.ts",
      startLine: 13,
      endLine: 14,
      status: "verified",
    });
    expect(result.evidence).toBe(
      "  if (user.password === req.body.password) {\n    res.json({ token: sign(user) });",
    );
  });

  it("verifies a multi-line quote across a blank line, ignoring blank lines around it", async () => {
    const quote =
      '\n\napp.post("/login", async (req, res) => {\n  const user = await findUser(req.body.name);\n\n  if (user.password === req.body.password) {\n\n';
    expect(await verifyOne(cite("src/server.ts", 10, 13, quote))).toEqual({
      location: { file: "src/server.ts", startLine: 10, endLine: 13, status: "verified" },
      evidence:
        'app.post("/login", async (req, res) => {\n  const user = await findUser(req.body.name);\n\n  if (user.password === req.body.password) {',
      dropped: undefined,
    });
  });

  it("narrows a broad citation to the lines the quote is on", async () => {
    const result = await verifyOne(cite("src/server.ts", 5, 8, "res.json(rows);"));
    expect(result.location).toEqual({ file: "src/server.ts", startLine: 7, endLine: 7, status: "verified" });
    expect(result.evidence).toBe("  res.json(rows);");
  });

  it("re-anchors a quote whose cited lines are off by a few", async () => {
    const result = await verifyOne(
      cite(
        "src/server.ts",
        9,
        9,
        'const rows = await db.query("SELECT * FROM users WHERE id = " + req.params.id);',
      ),
    );
    expect(result.location).toEqual({
      file: "src/server.ts",
      startLine: 6,
      endLine: 6,
      status: "reanchored",
    });
  });

  it("re-anchors a multi-line quote found elsewhere in the file", async () => {
    const result = await verifyOne(
      cite(
        "src/server.ts",
        1,
        3,
        "if (user.password === req.body.password) {\nres.json({ token: sign(user) });\n}",
      ),
    );
    expect(result.location).toEqual({
      file: "src/server.ts",
      startLine: 13,
      endLine: 15,
      status: "reanchored",
    });
    expect(result.evidence).toBe(
      "  if (user.password === req.body.password) {\n    res.json({ token: sign(user) });\n  }",
    );
  });

  it("re-anchors on a distinctive unique line when another quoted line was misremembered", async () => {
    const quote = "const user = await findUser(req.body.name);\nif (user.password == req.body.password) {";
    const result = await verifyOne(cite("src/server.ts", 30, 31, quote));
    expect(result.location).toEqual({
      file: "src/server.ts",
      startLine: 11,
      endLine: 11,
      status: "reanchored",
    });
    expect(result.evidence).toBe("  const user = await findUser(req.body.name);");
  });

  it("takes the occurrence nearest the cited line when the quote is ambiguous", async () => {
    const quote = 'await fetch(url, { method: "POST", body });';
    expect((await verifyOne(cite("src/retry.ts", 22, 22, quote))).location).toEqual({
      file: "src/retry.ts",
      startLine: 20,
      endLine: 20,
      status: "reanchored",
    });
    expect((await verifyOne(cite("src/retry.ts", 33, 33, quote))).location?.startLine).toBe(40);
    expect((await verifyOne(cite("src/retry.ts", 1, 1, quote))).location?.startLine).toBe(5);
  });

  it("drops a short quote that is only near its cited line, since it would match almost anywhere", async () => {
    expect((await verifyOne(cite("src/server.ts", 12, 12, "});"))).dropped?.reason).toBe(
      "evidence-not-found",
    );
    // The same quote at its real line is fine: the cited location backs it.
    expect((await verifyOne(cite("src/server.ts", 16, 16, "});"))).location?.status).toBe("verified");
  });

  it("drops invented evidence, an invented file, empty evidence and paths leaving the repository", async () => {
    const invented = await verifyOne(
      cite("src/server.ts", 6, 6, "const token = jwt.sign(payload, 'hardcoded-secret');"),
    );
    expect(invented.dropped).toEqual({
      reason: "evidence-not-found",
      detail: "the quoted evidence is not in src/server.ts",
    });
    expect((await verifyOne(cite("src/auth.ts", 3, 3, "app.listen(3000);"))).dropped).toEqual({
      reason: "file-missing",
      detail: "src/auth.ts is not in the repository",
    });
    expect((await verifyOne(cite("src/server.ts", 3, 3, " \n\t\n"))).dropped?.reason).toBe("empty-evidence");
    for (const escaping of [
      "../etc/passwd",
      "src/../../etc/passwd",
      "..\\..\\etc\\passwd",
      "C:/Windows/win.ini",
    ]) {
      expect((await verifyOne(cite(escaping, 1, 1, "root:x:0:0:root:/root:/bin/bash"))).dropped?.reason).toBe(
        "path-outside-root",
      );
    }
    // A leading slash is the repository root, not the filesystem's.
    expect(
      (await verifyOne(cite("/etc/passwd", 1, 1, "root:x:0:0:root:/root:/bin/bash"))).dropped?.reason,
    ).toBe("file-missing");
  });

  it("says why a skipped file cannot be verified", async () => {
    expect((await verifyOne(cite("assets/logo.png", 1, 1, "PNG header bytes here"))).dropped).toEqual({
      reason: "file-missing",
      detail: "assets/logo.png was not read (binary), so nothing in it can be verified",
    });
  });

  it.each([
    ["./src/server.ts"],
    ["/src/server.ts"],
    ["src\\server.ts"],
    [".\\src\\server.ts"],
    ["src/server.ts:18"],
  ])("normalises the cited path %s", async (file) => {
    expect((await verifyOne(cite(file, 18, 18, "app.listen(3000);"))).location).toEqual({
      file: "src/server.ts",
      startLine: 18,
      endLine: 18,
      status: "verified",
    });
  });

  it("accepts a quote wrapped in a Markdown code fence or carrying our line-number gutter", async () => {
    const fenced = "```ts\nconst app = express();\n```";
    expect((await verifyOne(cite("src/server.ts", 3, 3, fenced))).evidence).toBe("const app = express();");
    const gutter = "  7│   res.json(rows);\n  8│ });";
    expect((await verifyOne(cite("src/server.ts", 7, 8, gutter))).location?.status).toBe("verified");
    // read_file's "<line>\t<text>" numbering, copied with the quote.
    const numbered = "7\t  res.json(rows);\n8\t});";
    expect((await verifyOne(cite("src/server.ts", 7, 8, numbered))).location?.status).toBe("verified");
  });

  it("matches a distinctive fragment of a line, but not a short one", async () => {
    const fragment = await verifyOne(cite("src/server.ts", 13, 13, "user.password === req.body.password"));
    expect(fragment.evidence).toBe("  if (user.password === req.body.password) {");
    expect((await verifyOne(cite("src/server.ts", 13, 13, "req.body"))).dropped?.reason).toBe(
      "evidence-not-found",
    );
  });

  it("counts verified, re-anchored and dropped findings disjointly and reads each file once", async () => {
    const reads: string[] = [];
    const counting = {
      root: snapshot.root,
      skipped: snapshot.skipped,
      file: (file: string) => snapshot.file(file),
      read: (file: string) => {
        reads.push(file);
        return snapshot.read(file);
      },
    };
    const findings = [
      { ...cite("src/server.ts", 18, 18, "app.listen(3000);"), title: "kept" },
      { ...cite("src/server.ts", 1, 1, "app.listen(3000);"), title: "moved" },
      { ...cite("src/server.ts", 1, 1, "app.listen(4000);"), title: "invented" },
      { ...cite("../secrets", 1, 1, "x"), title: "escaping" },
    ];
    const result = await verifyFindings(findings, counting);
    expect(result.counts).toEqual({ verified: 1, reanchored: 1, dropped: 2 });
    expect(result.findings.map((found) => [found.title, found.verification, found.startLine])).toEqual([
      ["kept", "verified", 18],
      ["moved", "reanchored", 18],
    ]);
    expect(result.findings[1]?.cited).toEqual({ file: "src/server.ts", startLine: 1, endLine: 1 });
    expect(result.dropped.map((entry) => [entry.finding.title, entry.reason])).toEqual([
      ["invented", "evidence-not-found"],
      ["escaping", "path-outside-root"],
    ]);
    expect(reads).toEqual(["src/server.ts"]);
  });
});
