import { parentPort } from "node:worker_threads";
import { analyzeSource } from "./syntax-analyze.js";

// A syntax worker: parses the files the pool sends and returns the analysis without the text (the
// caller has it). Line tables are transferred, not copied.
parentPort?.on(
  "message",
  async (message: { id: number; language: string | null; text: string; path: string }) => {
    try {
      const { text: _text, ...analysis } = await analyzeSource(message.language, message.text, {
        path: message.path,
      });
      parentPort?.postMessage({ id: message.id, analysis }, [
        analysis.lineKinds.buffer,
        analysis.lineStarts.buffer,
      ]);
    } catch (error) {
      parentPort?.postMessage({
        id: message.id,
        error: error instanceof Error ? error.message : String(error),
      });
    }
  },
);
