import { GatehouseError } from "@gatehouse/core";
import { expect } from "vitest";

/** The `GatehouseError` a promise rejects with; fails the test when it resolves or throws another error. */
export async function rejectionOf(promise: Promise<unknown>): Promise<GatehouseError> {
  const outcome = await promise.then(
    (value) => ({ resolved: value }),
    (reason: unknown) => ({ rejected: reason }),
  );
  if (!("rejected" in outcome)) throw new Error("expected a rejection");
  expect(outcome.rejected).toBeInstanceOf(GatehouseError);
  return outcome.rejected as GatehouseError;
}

/** The `GatehouseError` a function throws synchronously. */
export function thrownBy(fn: () => unknown): GatehouseError {
  try {
    fn();
  } catch (error) {
    expect(error).toBeInstanceOf(GatehouseError);
    return error as GatehouseError;
  }
  throw new Error("expected a throw");
}

/** Expects `promise` to reject with a `GatehouseError` of `code`, and `message` when given. */
export async function expectGatehouseError(
  promise: Promise<unknown>,
  code: string,
  message?: string,
): Promise<void> {
  const error = await rejectionOf(promise);
  expect(error.code).toBe(code);
  if (message !== undefined) expect(error.message).toBe(message);
}
