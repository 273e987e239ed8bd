import { CodeauditError } from "../errors.js";

/** Waits `ms` milliseconds; rejects with ABORTED as soon as `signal` aborts. */
export function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) {
      reject(aborted(signal));
      return;
    }
    const timer = setTimeout(() => {
      signal?.removeEventListener("abort", onAbort);
      resolve();
    }, ms);
    const onAbort = () => {
      clearTimeout(timer);
      reject(aborted(signal));
    };
    signal?.addEventListener("abort", onAbort, { once: true });
  });
}

function aborted(signal: AbortSignal | undefined): CodeauditError {
  return new CodeauditError("ABORTED", "cancelled while waiting to retry the model call", {
    cause: signal?.reason,
  });
}
