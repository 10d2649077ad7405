/**
 * Assertions on the mutations that answer `Boolean!` (revoke, logout, revokeAllSessions,
 * changePassword): `true` as the caller, or a refusal with no data.
 */
import type { TestApp } from "@gatehouse/testing/http";
import { expect } from "vitest";
import { type AuthPayloadData, dataOf, errorOf, type PublicError } from "./gql.js";

/** Calls a mutation that answers `Boolean!` and expects `true`. */
export async function expectTrue(
  app: TestApp,
  query: string,
  variables: object,
  caller: AuthPayloadData,
) {
  const response = await app.graphql(query, { ...variables }, { token: caller.accessToken });
  const [field] = Object.keys(response.body?.data ?? {});
  expect(field).toBeDefined();
  expect(dataOf(response, field ?? "")).toBe(true);
}

/** A mutation answering `Boolean!` refused with an error: HTTP 200, no data. */
export async function expectRefused(
  app: TestApp,
  query: string,
  variables: object,
  caller: AuthPayloadData,
  expected: PublicError,
) {
  const response = await app.graphql(query, { ...variables }, { token: caller.accessToken });
  expect(response.status).toBe(200);
  expect(response.body.data).toBeNull();
  expect(errorOf(response)).toEqual(expected);
}
