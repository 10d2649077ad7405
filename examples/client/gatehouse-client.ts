import { ClientError, GraphQLClient, type Variables } from "graphql-request";

/** The token pair a session hands out. */
interface Tokens {
  readonly accessToken: string;
  readonly refreshToken: string;
}

const AUTH_FIELDS = "accessToken refreshToken expiresIn user { id email roles }";
const SIGN_UP = `mutation SignUp($email: String!, $password: String!) { signUp(email: $email, password: $password) { ${AUTH_FIELDS} } }`;
const LOGIN = `mutation Login($email: String!, $password: String!) { login(email: $email, password: $password) { ${AUTH_FIELDS} } }`;
const REFRESH = `mutation Refresh($refreshToken: String!) { refresh(refreshToken: $refreshToken) { ${AUTH_FIELDS} } }`;
const LOGOUT = "mutation Logout { logout }";

type AuthPayload = Tokens & {
  readonly expiresIn: number;
  readonly user: { readonly id: string; readonly email: string; readonly roles: string[] };
};

/** True when the server refused the access token itself (HTTP 401), not a field. */
function isInvalidToken(error: unknown): boolean {
  return error instanceof ClientError && error.response.status === 401;
}

/**
 * A Gatehouse client on graphql-request. It keeps the token pair, sends the access token as a
 * bearer token, and when the server answers 401 it refreshes once and retries. Refreshes are
 * single-flight: however many requests fail at the same moment, one `refresh` goes out and
 * they all wait for it, because sending a refresh token twice ends the session (reuse
 * detection).
 */
export class GatehouseClient {
  readonly #graphql: GraphQLClient;
  #tokens: Tokens | null = null;
  #refreshing: Promise<void> | null = null;

  constructor(url: string, options: { readonly fetch?: typeof fetch } = {}) {
    this.#graphql = new GraphQLClient(url, options.fetch ? { fetch: options.fetch } : {});
  }

  /** Creates an account and signs in. */
  async signUp(email: string, password: string): Promise<AuthPayload> {
    return this.#signIn(
      await this.#send<{ signUp: AuthPayload }>(SIGN_UP, { email, password }, null),
      "signUp",
    );
  }

  /** Signs in, starting a new session. */
  async login(email: string, password: string): Promise<AuthPayload> {
    return this.#signIn(
      await this.#send<{ login: AuthPayload }>(LOGIN, { email, password }, null),
      "login",
    );
  }

  /** Runs an operation as the signed-in user, refreshing once if the access token has lapsed. */
  async request<T>(document: string, variables: Variables = {}): Promise<T> {
    const sentWith = this.#tokens;
    try {
      return await this.#send<T>(document, variables, sentWith?.accessToken ?? null);
    } catch (error) {
      if (!isInvalidToken(error) || sentWith === null) throw error;
      await this.#refreshOnce(sentWith);
      return this.#send<T>(document, variables, this.#tokens?.accessToken ?? null);
    }
  }

  /** Ends this session on the server and forgets the tokens. */
  async logout(): Promise<void> {
    await this.request(LOGOUT);
    this.#tokens = null;
  }

  /** Whether the client holds a session. */
  get signedIn(): boolean {
    return this.#tokens !== null;
  }

  #signIn<K extends string>(data: Record<K, AuthPayload>, field: K): AuthPayload {
    const payload = data[field];
    this.#tokens = { accessToken: payload.accessToken, refreshToken: payload.refreshToken };
    return payload;
  }

  // Only the first request to see a lapsed token refreshes; the others wait for it. A request
  // that failed with tokens already replaced just retries with the new ones.
  async #refreshOnce(failedWith: Tokens): Promise<void> {
    if (this.#tokens !== failedWith) return this.#refreshing ?? undefined;
    this.#refreshing ??= (async () => {
      try {
        const data = await this.#send<{ refresh: AuthPayload }>(
          REFRESH,
          { refreshToken: failedWith.refreshToken },
          null,
        );
        this.#signIn(data, "refresh");
      } catch (error) {
        // The session is over (expired, revoked, or reuse was detected): sign in again.
        this.#tokens = null;
        throw error;
      } finally {
        this.#refreshing = null;
      }
    })();
    return this.#refreshing;
  }

  #send<T>(document: string, variables: Variables, accessToken: string | null): Promise<T> {
    return this.#graphql.request<T>({
      document,
      variables,
      requestHeaders: accessToken === null ? {} : { authorization: `Bearer ${accessToken}` },
    });
  }
}
