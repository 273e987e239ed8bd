/** Limits of one agent run (one area and batch of chunks). */
export interface AgentSettings {
  /** Rounds of tool calls before the model must answer. */
  maxTurns: number;
  /** Tokens (input, cached input and output, summed over the run's calls) before the model must answer. */
  maxTokensPerBatch: number;
  /** `max_tokens` of every call. */
  maxOutputTokens: number;
  /** A tool result longer than this is cut, with a note telling the model how to ask for less. */
  maxToolResultChars: number;
  /** Pre-scan findings shown to one area at most; the rest are counted in the prompt. */
  maxScanFindings: number;
}

export const DEFAULT_AGENT_SETTINGS: AgentSettings = {
  maxTurns: 8,
  maxTokensPerBatch: 250_000,
  maxOutputTokens: 8192,
  maxToolResultChars: 16_000,
  maxScanFindings: 60,
};

/**
 * Bumped whenever the agent's behaviour changes in a way that changes answers (the user turn's
 * wording, the tool set, the answer reading), so cached reviews from older builds are not reused.
 */
export const AGENT_VERSION = "2";
