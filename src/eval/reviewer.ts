import type { FullReviewMode, Report } from "../../schemas/index.js";

/** How the full review of one case should reach the model. */
export interface ReviewerOptions {
  mode: Exclude<FullReviewMode, "off">;
  /** `--replay DIR`: serve recorded model responses from this folder, with no network call. */
  replayDir?: string;
  /** `--record DIR`: call the model and save its responses into this folder. */
  recordDir?: string;
  /** `<suite>/<case>`, so a reviewer can keep each case's recordings apart inside the folder. */
  recordingKey: string;
  /** Which of the `--runs` repetitions this is, from 1. */
  run: number;
}

/** The full review (scanners plus model) of a repository folder, as a validated report. */
export type Reviewer = (target: string, options: ReviewerOptions) => Promise<Report>;

/**
 * The full-review function `codeaudit eval` uses. The review agent does not exist yet, so there is
 * none: the eval scores the deterministic layer and reports the full review as not run. When the agent
 * lands, return a function here that runs it with the options above.
 */
export function availableReviewer(): Reviewer | undefined {
  return undefined;
}
