import { describe, expect, it } from "vitest";
import { SyntaxPool } from "../../tools/lib/syntax-workers.js";

describe("syntax pool", () => {
  it("parses files a caller waits for before files parsed in advance", async () => {
    const pool = new SyntaxPool(1);
    try {
      const order: string[] = [];
      const track = (name: string, parsed: Promise<unknown>) => parsed.then(() => order.push(name));
      const ahead = Array.from({ length: 8 }, (_, index) =>
        track(`ahead-${index}`, pool.analyze("python", `x = ${index}\n`, `ahead_${index}.py`)),
      );
      const promoted = track("promoted", pool.analyze("python", "y = 1\n", "promoted.py"));
      pool.promote("promoted.py");
      const urgent = track("urgent", pool.analyze("python", "z = 1\n", "urgent.py", true));
      // Promoted before it reached the pool (its text was still being read), then queued in advance.
      pool.promote("early.py");
      const early = track("early", pool.analyze("python", "w = 1\n", "early.py"));
      await Promise.all([...ahead, promoted, urgent, early]);
      // Four files were already with the worker; the others waited in the pool in priority order.
      expect(order).toEqual([
        ...Array.from({ length: 4 }, (_, index) => `ahead-${index}`),
        "early",
        "urgent",
        "promoted",
        ...Array.from({ length: 4 }, (_, index) => `ahead-${index + 4}`),
      ]);
    } finally {
      await pool.close();
    }
  });

  it("rejects files still waiting when the pool closes, so callers parse them in-thread", async () => {
    const pool = new SyntaxPool(1);
    const files = Array.from({ length: 5 }, (_, index) =>
      pool.analyze("python", `x = ${index}\n`, `f${index}.py`).then(
        () => "parsed",
        () => "rejected",
      ),
    );
    await pool.close();
    expect(
      (await Promise.all(files)).filter((outcome) => outcome === "rejected").length,
    ).toBeGreaterThanOrEqual(3);
  });
});
