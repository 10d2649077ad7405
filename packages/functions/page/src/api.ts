// The page's GraphQL client. Tokens live in this module's memory only: never localStorage,
// sessionStorage or cookies, so a script injected elsewhere on the origin cannot read them
// after the fact, and closing the tab ends what the page holds (OWASP HTML5 Security Cheat
// Sheet, "Local Storage").
import { AUTH_FIELDS, type AuthData } from "./fields.js";

/** One GraphQL error as the API states it. */
export class ApiError extends Error {
  constructor(
    message: string,
    readonly code: string,
  ) {
    super(message);
  }
}

interface GraphqlBody {
  data?: Record<string, unknown> | null;
  errors?: { message: string; extensions?: { code?: string } }[];
}

let tokens: { accessToken: string; refreshToken: string } | null = null;
let refreshing: Promise<boolean> | null = null;

/** Whether the page holds a session. */
export const signedIn = (): boolean => tokens !== null;

/** Keeps a new token pair (sign-up, login, refresh, second factor). */
export function keep(auth: AuthData): void {
  tokens = { accessToken: auth.accessToken, refreshToken: auth.refreshToken };
}

/** Forgets the tokens (logout, an ended session). */
export function forget(): void {
  tokens = null;
}

async function post(query: string, variables: object, token?: string) {
  const headers: Record<string, string> = { "content-type": "application/json" };
  if (token !== undefined) headers.authorization = `Bearer ${token}`;
  const response = await fetch("/graphql", {
    method: "POST",
    headers,
    body: JSON.stringify({ query, variables }),
    credentials: "omit",
  });
  const body = (await response.json().catch(() => ({}))) as GraphqlBody;
  return { status: response.status, body };
}

/** The value of `field` in the answer, or the whole of `data` without a field. */
function answerOf<T>(body: GraphqlBody, field?: string): T {
  const error = body.errors?.[0];
  if (error !== undefined) {
    throw new ApiError(error.message, error.extensions?.code ?? "INTERNAL_SERVER_ERROR");
  }
  const value = field === undefined ? (body.data ?? undefined) : body.data?.[field];
  if (value === undefined) throw new ApiError("The server gave no answer.", "NO_DATA");
  return value as T;
}

/** A public operation (no token): the value of `field`. */
export async function call<T>(query: string, variables: object, field: string): Promise<T> {
  return answerOf<T>((await post(query, variables)).body, field);
}

/**
 * Refresh tokens rotate (each is spent by its first use, and a second use ends the session:
 * RFC 9700 §4.14.2), so concurrent callers share the one refresh in flight.
 */
export function refresh(): Promise<boolean> {
  refreshing ??= (async () => {
    const held = tokens;
    if (held === null) return false;
    try {
      const query = `mutation Refresh($refreshToken: String!) { refresh(refreshToken: $refreshToken) { ${AUTH_FIELDS} } }`;
      keep(await call<AuthData>(query, { refreshToken: held.refreshToken }, "refresh"));
      return true;
    } catch {
      // Only if no one signed in meanwhile: a failed refresh ends what this page held.
      if (tokens === held) forget();
      return false;
    }
  })().finally(() => {
    refreshing = null;
  });
  return refreshing;
}

/**
 * A signed-in operation: on a 401 (an expired access token) the page refreshes once and
 * retries; a second 401 means the session is over.
 */
export async function callSignedIn<T>(query: string, variables: object, field?: string) {
  const held = tokens;
  if (held === null) throw new ApiError("You must be signed in.", "UNAUTHENTICATED");
  let { status, body } = await post(query, variables, held.accessToken);
  if (status === 401) {
    if (!(await refresh()) || tokens === null) {
      throw new ApiError("Your session has ended. Please sign in again.", "UNAUTHENTICATED");
    }
    ({ status, body } = await post(query, variables, tokens.accessToken));
    if (status === 401) {
      forget();
      throw new ApiError("Your session has ended. Please sign in again.", "UNAUTHENTICATED");
    }
  }
  return answerOf<T>(body, field);
}
