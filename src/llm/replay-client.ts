import { mkdir, readFile, writeFile } from "node:fs/promises";
import path from "node:path";
import { CodeauditError, errorMessage } from "../errors.js";
import { Recording } from "./recording.js";
import { normaliseRequest, requestHash } from "./request-hash.js";
import type { GenerateRequest, GenerateResponse, LlmClient } from "./types.js";

export interface ReplayOptions {
  /** Folder of `<hash>.json` recordings. */
  dir: string;
  provider: string;
  model: string;
}

/**
 * Serves recorded answers by request hash, with no network. A request without a recording fails with
 * its hash and the folder, so the user knows to record again.
 */
export function createReplayClient(options: ReplayOptions): LlmClient {
  return {
    provider: options.provider,
    model: options.model,
    async generate(request: GenerateRequest): Promise<GenerateResponse> {
      const hash = requestHash(options.model, request);
      const file = path.join(options.dir, `${hash}.json`);
      let text: string;
      try {
        text = await readFile(file, "utf8");
      } catch {
        throw new CodeauditError(
          "LLM_UNAVAILABLE",
          `no recorded answer for this ${options.model} request (hash ${hash}) in ${options.dir}: the prompt, tools or schema changed since recording; record again with --record`,
          { details: { hash, dir: options.dir } },
        );
      }
      let recording: Recording;
      try {
        recording = Recording.parse(JSON.parse(text));
      } catch (error) {
        throw new CodeauditError("CONFIG_INVALID", `recording ${file} is not valid: ${errorMessage(error)}`);
      }
      return recording.response as GenerateResponse;
    },
  };
}

/** Wraps a real client so every answer is also written to `<dir>/<hash>.json` for later replay. */
export function withRecording(client: LlmClient, dir: string, now: () => Date = () => new Date()): LlmClient {
  return {
    provider: client.provider,
    model: client.model,
    async generate(request: GenerateRequest, signal?: AbortSignal): Promise<GenerateResponse> {
      const response = await client.generate(request, signal);
      const hash = requestHash(client.model, request);
      const recording: Recording = {
        version: 1,
        hash,
        provider: client.provider,
        model: client.model,
        recordedAt: now().toISOString(),
        request: normaliseRequest(client.model, request),
        response,
      };
      await mkdir(dir, { recursive: true });
      await writeFile(path.join(dir, `${hash}.json`), `${JSON.stringify(recording, null, 2)}\n`, "utf8");
      return response;
    },
  };
}
