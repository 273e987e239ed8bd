import type { FullReviewMode, Report } from "../../schemas/index.js";
import { recordedReview } from "../audit/recorded-review.js";

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
 * The full-review function `codeaudit eval` uses: the real review agent, live (a key in `env`),
 * recording (`--record`) or replaying recorded answers with no network (`--replay`).
 */
export function availableReviewer(env: NodeJS.ProcessEnv = process.env): Reviewer {
  const review = recordedReview(env);
  return (target, options) => review(target, options);
}
