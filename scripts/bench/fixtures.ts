// What every case needs: the embedded DynamoDB (in a child process), Gatehouse over it and over
// memory stores, configured as deployed (production mode, OWASP argon2id), and a signed-up user
// with an access token for each.
import { type ChildProcess, spawn } from "node:child_process";
import { randomBytes } from "node:crypto";
import { once } from "node:events";
import { createInterface } from "node:readline";
import { type Jti, type Role, type SessionId, signAccessToken, type UserId } from "@gatehouse/core";
import { memoryStores, testSigningKeys } from "@gatehouse/testing";
import { createTestApp, type TestApp } from "@gatehouse/testing/http";
import { notesApi } from "../../examples/notes/src/notes-api.js";
import { userKey } from "../../packages/core/src/dynamo/keys.js";

/** The benchmark's operations. */
export const OPERATIONS = {
  typename: "{ __typename }",
  me: "{ me { id email roles } }",
  signUp: `mutation SignUp($email: String!, $password: String!) {
    signUp(email: $email, password: $password) { accessToken user { id } }
  }`,
  login: `mutation Login($email: String!, $password: String!) {
    login(email: $email, password: $password) { accessToken }
  }`,
  beginTotp: "mutation { beginTotpEnrollment { secret } }",
  confirmTotp: "mutation C($code: String!) { confirmTotpEnrollment(code: $code) }",
  verifySecondFactor:
    "mutation V($code: String!) { verifySecondFactor(code: $code) { accessToken } }",
} as const;

/** The benchmark user's password (the default policy wants 15 code points or more). */
export const PASSWORD = "correct horse battery staple";

/** A running embedded DynamoDB. */
export interface DynamoProcess {
  readonly endpoint: string;
  close(): Promise<void>;
}

/** Starts the embedded DynamoDB in a child process and waits for its endpoint. */
export async function startDynamoProcess(): Promise<DynamoProcess> {
  const child: ChildProcess = spawn(
    process.execPath,
    [
      "--conditions=@gatehouse/source",
      "--import",
      "tsx",
      new URL("./dynamo-server.ts", import.meta.url).pathname,
    ],
    { stdio: ["pipe", "pipe", "inherit"] },
  );
  const lines = createInterface({ input: child.stdout as NonNullable<ChildProcess["stdout"]> });
  const [first] = (await Promise.race([
    once(lines, "line"),
    once(child, "exit").then(() => {
      throw new Error("The embedded DynamoDB did not start");
    }),
  ])) as [string];
  const { endpoint } = JSON.parse(first) as { endpoint: string };
  return {
    endpoint,
    async close() {
      const exited = once(child, "exit");
      child.stdin?.end();
      await exited;
    },
  };
}

/** Gatehouse apps and the credentials to call them. */
export interface Fixture {
  readonly signingKeys: string;
  /** Gatehouse on the embedded DynamoDB. */
  readonly dynamo: TestApp;
  /** Gatehouse on memory stores: CPU without I/O. */
  readonly memory: TestApp;
  readonly email: string;
  /** An access token for `dynamo`, and one for `memory`. */
  readonly token: string;
  readonly memoryToken: string;
  /** An access token for `dynamo` of another user, enrolled in TOTP and signed in at aal2. */
  readonly aal2Token: string;
  /** The key of the user's profile item: what `baseline+read` reads. */
  readonly userItemKey: Readonly<Record<string, string>>;
}

/** Settings for every Gatehouse instance of the run. */
export const BENCH_ENV = {
  GATEHOUSE_ENV: "production",
  // Longer than the run, so no token expires mid-benchmark.
  GATEHOUSE_ACCESS_TOKEN_TTL: "3600",
  // Every login comes from one address; the per-address limit is not what is measured.
  GATEHOUSE_IP_MAX_ATTEMPTS: "100000",
  // Nor is the global budget of anonymous work.
  GATEHOUSE_ANON_MAX_ATTEMPTS: "1000000",
} as const;

async function signUp(app: TestApp, email: string): Promise<{ token: string; userId: UserId }> {
  const response = await app.graphql(OPERATIONS.signUp, { email, password: PASSWORD });
  const payload = response.body?.data?.signUp;
  if (payload === undefined || payload === null) {
    throw new Error(`signUp failed: ${response.status} ${response.text.slice(0, 300)}`);
  }
  return { token: payload.accessToken, userId: payload.user.id };
}

/** The value of `field` of an answer, or a thrown error naming the operation. */
function fieldOf<T>(response: Awaited<ReturnType<TestApp["graphql"]>>, field: string): T {
  const value = response.body?.data?.[field];
  if (value === undefined || value === null) {
    throw new Error(`${field} failed: ${response.status} ${response.text.slice(0, 300)}`);
  }
  return value as T;
}

/**
 * Signs a user up on `app`, enrols TOTP with the current step's code and signs in again with
 * the next step's (RFC 6238 allows one step of drift; each step is accepted once): an aal2
 * access token, as a user with a second factor holds after signing in.
 */
async function aal2Token(app: TestApp, email: string): Promise<string> {
  const { generate } = await import("otplib");
  const codeAt = (epochMs: number) => generate({ secret, epoch: Math.floor(epochMs / 1000) });
  const { token } = await signUp(app, email);
  const begun = await app.graphql(OPERATIONS.beginTotp, {}, { token });
  const secret = fieldOf<{ secret: string }>(begun, "beginTotpEnrollment").secret;
  const now = Date.now();
  const confirmed = await app.graphql(
    OPERATIONS.confirmTotp,
    { code: await codeAt(now) },
    { token },
  );
  fieldOf(confirmed, "confirmTotpEnrollment");
  const verified = await app.graphql(
    OPERATIONS.verifySecondFactor,
    { code: await codeAt(now + 30_000) },
    { token },
  );
  return fieldOf<{ accessToken: string }>(verified, "verifySecondFactor").accessToken;
}

/**
 * `count` more access tokens for the session of `token`, each with its own `jti`: what a
 * container sees when every request brings a token it has not verified before.
 */
export async function moreTokens(app: TestApp, token: string, count: number): Promise<string[]> {
  const [, payload = ""] = token.split(".");
  const claims = JSON.parse(Buffer.from(payload, "base64url").toString()) as {
    sub: UserId;
    sid: SessionId;
    sct: number;
    roles: Role[];
  };
  const tokens: string[] = [];
  for (let i = 0; i < count; i++) {
    const jti = randomBytes(16).toString("base64url") as Jti;
    const subject = { sub: claims.sub, sid: claims.sid, sct: claims.sct, jti, roles: claims.roles };
    const issued = await signAccessToken(
      app.runtime.keys,
      app.runtime.config.auth,
      subject,
      Date.now(),
      0,
    );
    tokens.push(issued.token);
  }
  return tokens;
}

/** What the Gatehouse side serves: Gatehouse alone, or with the notes example's API beside it. */
export type BenchApp = "gatehouse" | "notes";

/** The settings and team parts of `app`. */
export function benchApp(app: BenchApp) {
  return app === "notes"
    ? { env: { ...BENCH_ENV, ...NOTES_ENV }, gatehouse: notesApi }
    : { env: BENCH_ENV };
}

/** The notes example's role set, which its rules name. */
export const NOTES_ENV = { GATEHOUSE_ROLES: "USER,EDITOR,ADMIN" } as const;

/** Builds both apps against `endpoint` and signs a user up on each. */
export async function createFixture(endpoint: string, app: BenchApp): Promise<Fixture> {
  const signingKeys = await testSigningKeys();
  const dynamo = await createTestApp({ endpoint, signingKeys, ...benchApp(app) });
  const memory = await createTestApp({ stores: memoryStores(), signingKeys, ...benchApp(app) });
  const email = "bench@example.com";
  const { token, userId } = await signUp(dynamo, email);
  const { token: memoryToken } = await signUp(memory, email);
  const aal2 = await aal2Token(dynamo, "bench-aal2@example.com");
  return {
    signingKeys,
    dynamo,
    memory,
    email,
    token,
    memoryToken,
    aal2Token: aal2,
    userItemKey: userKey(userId),
  };
}
