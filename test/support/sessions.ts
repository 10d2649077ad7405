/** Reading sessions in the integration tests: the session a token belongs to, and the list. */
import type { TestApp } from "@gatehouse/testing/http";
import { decodeJwt } from "jose";
import { type AuthPayloadData, dataOf, SESSIONS, type SessionData } from "./gql.js";

/** The session an access token belongs to (its `sid` claim). */
export const sidOf = (pair: AuthPayloadData) => decodeJwt(pair.accessToken).sid as string;

/** The caller's live sessions, as `sessions` lists them. */
export async function sessionsOf(app: TestApp, pair: AuthPayloadData): Promise<SessionData[]> {
  return dataOf(await app.graphql(SESSIONS, {}, { token: pair.accessToken }), "sessions");
}
