// The account page's GraphQL client (packages/functions/page/src/api.ts) with a stand-in
// `fetch`: the single-flight refresh that rotating refresh tokens need.
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { callSignedIn, forget, keep, refresh, signedIn } from "../page/src/api.js";

const user = { id: "u", email: "ada@example.com", roles: ["USER"], emailVerified: false };
const pair = (n: number) => ({
  accessToken: `access-${n}`,
  refreshToken: `refresh-${n}`,
  expiresIn: 900,
  user,
});

interface Sent {
  readonly authorization: string | undefined;
  readonly query: string;
  readonly variables: Record<string, unknown>;
}

let sent: Sent[];
let live: string;
let refreshes: number;

/** A server whose one live access token is `live`; each refresh rotates the pair. */
function server(): typeof fetch {
  return async (_url, init) => {
    const headers = (init?.headers ?? {}) as Record<string, string>;
    const { query, variables } = JSON.parse(String(init?.body));
    sent.push({ authorization: headers.authorization, query, variables });
    // An await between request and answer, so concurrent callers really overlap.
    await new Promise((resolve) => setTimeout(resolve, 5));
    if (query.includes("refresh(")) {
      if (variables.refreshToken !== `refresh-${refreshes}`) {
        return Response.json({ data: null, errors: [{ message: "spent", extensions: {} }] });
      }
      refreshes += 1;
      live = `access-${refreshes}`;
      return Response.json({ data: { refresh: pair(refreshes) } });
    }
    if (headers.authorization !== `Bearer ${live}`) return new Response("{}", { status: 401 });
    return Response.json({ data: { me: user } });
  };
}

beforeEach(() => {
  sent = [];
  refreshes = 0;
  live = "access-0";
  vi.stubGlobal("fetch", server());
  keep(pair(0));
});

afterEach(() => {
  vi.unstubAllGlobals();
  forget();
});

describe("the account page's client", () => {
  it("shares one refresh among concurrent calls whose access token expired", async () => {
    live = "access-expired";

    const answers = await Promise.all([1, 2, 3].map(() => callSignedIn("{ me { id } }", {}, "me")));

    expect(answers).toEqual([user, user, user]);
    expect(sent.filter((request) => request.query.includes("refresh("))).toHaveLength(1);
    expect(signedIn()).toBe(true);
  });

  it("starts a new refresh once the previous one has finished", async () => {
    expect(await refresh()).toBe(true);
    expect(await refresh()).toBe(true);

    expect(refreshes).toBe(2);
    expect(sent.map((request) => request.variables.refreshToken)).toEqual([
      "refresh-0",
      "refresh-1",
    ]);
  });

  it("forgets the tokens when the refresh fails, and says the session has ended", async () => {
    live = "access-expired";
    keep({ ...pair(0), refreshToken: "refresh-spent" });

    await expect(callSignedIn("{ me { id } }", {}, "me")).rejects.toThrow(
      "Your session has ended. Please sign in again.",
    );
    expect(signedIn()).toBe(false);
  });

  it("sends the access token only as a bearer header, with no cookies", async () => {
    const fetchSpy = vi.fn(server());
    vi.stubGlobal("fetch", fetchSpy);

    await callSignedIn("{ me { id } }", {}, "me");

    expect(fetchSpy.mock.calls[0]?.[1]).toMatchObject({
      credentials: "omit",
      headers: { authorization: "Bearer access-0" },
    });
  });
});
