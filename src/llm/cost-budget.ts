import { CodeauditError } from "../errors.js";

/** Raised before a call that could take spending past `--max-cost`; the review keeps what it has. */
export class BudgetExceededError extends CodeauditError {
  readonly spentUsd: number;
  readonly maxCostUsd: number;
  readonly nextCallUsd: number;

  constructor(spentUsd: number, maxCostUsd: number, nextCallUsd: number) {
    super(
      "BUDGET_EXCEEDED",
      `cost budget reached: $${spentUsd.toFixed(4)} spent of --max-cost $${maxCostUsd.toFixed(2)}, and the next model call may cost up to $${nextCallUsd.toFixed(4)}; no further calls were made and the work already done is kept`,
      { details: { spentUsd, maxCostUsd, nextCallUsd } },
    );
    this.name = "BudgetExceededError";
    this.spentUsd = spentUsd;
    this.maxCostUsd = maxCostUsd;
    this.nextCallUsd = nextCallUsd;
  }
}

/** Money set aside for a call in flight, settled with its real cost or released when it fails. */
export interface Reservation {
  settle(actualUsd: number): void;
  release(): void;
}

/**
 * The `--max-cost` guard. Each call reserves its estimated worst case before it starts, so calls in
 * flight at once cannot together overshoot; once one call is refused, every later one is too.
 */
export class CostBudget {
  readonly maxCostUsd: number | undefined;
  private spent = 0;
  private reserved = 0;
  private refusal: BudgetExceededError | undefined;

  constructor(maxCostUsd?: number) {
    this.maxCostUsd = maxCostUsd;
  }

  get spentUsd(): number {
    return this.spent;
  }

  /** The refusal that stopped spending, once one happened. */
  get exceeded(): BudgetExceededError | undefined {
    return this.refusal;
  }

  /** Sets `estimateUsd` aside for a call, or throws BudgetExceededError when it could pass the cap. */
  reserve(estimateUsd: number): Reservation {
    if (this.refusal) throw this.refusal;
    const cap = this.maxCostUsd;
    if (cap !== undefined && this.spent + this.reserved + estimateUsd > cap) {
      this.refusal = new BudgetExceededError(this.spent, cap, estimateUsd);
      throw this.refusal;
    }
    this.reserved += estimateUsd;
    let open = true;
    const close = () => {
      if (!open) return false;
      open = false;
      this.reserved -= estimateUsd;
      return true;
    };
    return {
      settle: (actualUsd) => {
        if (close()) this.spent += actualUsd;
      },
      release: () => {
        close();
      },
    };
  }
}
