import { storeUnavailable } from "../errors.js";

/** True for the SDK's answer to a failed condition (an expected outcome, not a fault). */
export function isConditionFailure(error: unknown): boolean {
  return (
    error instanceof Error &&
    (error.name === "ConditionalCheckFailedException" ||
      error.name === "TransactionCanceledException")
  );
}

/**
 * Runs one store call. A failed condition is handed to `onConditionFailure` when given; any
 * other failure becomes `STORE_UNAVAILABLE`, which carries no table name, key or AWS text.
 */
export async function storeCall<T>(
  call: () => Promise<T>,
  onConditionFailure?: () => T | Promise<T>,
): Promise<T> {
  try {
    return await call();
  } catch (error) {
    if (onConditionFailure !== undefined && isConditionFailure(error)) return onConditionFailure();
    throw storeUnavailable(error);
  }
}
