import { Writable } from "node:stream";
import { run } from "../../src/cli/main.js";

/** A writable stream that keeps what was written, for asserting on CLI output. */
export class Capture extends Writable {
  text = "";
  override _write(chunk: Buffer, _encoding: string, done: () => void): void {
    this.text += chunk.toString();
    done();
  }
}

/** Runs the CLI in-process with its own environment and returns the exit code and both streams. */
export async function cli(args: string[], env: NodeJS.ProcessEnv = {}) {
  const stdout = new Capture();
  const stderr = new Capture();
  const code = await run(args, { stdout, stderr, env });
  return { code, stdout: stdout.text, stderr: stderr.text };
}
