/** Where the example sends its requests, or why the environment does not say. */
export function graphqlEndpoint(
  env: Readonly<Record<string, string | undefined>>,
): string | { readonly problem: string } {
  const given = env.GATEHOUSE_URL;
  if (!given) return `http://localhost:${env.PORT || 4000}/graphql`;
  const url = URL.canParse(given) ? new URL(given) : null;
  if (url === null || (url.protocol !== "http:" && url.protocol !== "https:")) {
    return {
      problem: `GATEHOUSE_URL must be a URL such as http://localhost:4000 (got "${given}")`,
    };
  }
  // A bare base URL (the API's origin, as `sst deploy` outputs it) means its /graphql endpoint.
  if (url.pathname === "/") url.pathname = "/graphql";
  return url.href;
}

// What fetch reports when no server is there at all, as opposed to a server answering badly.
const UNREACHABLE = new Set([
  "ECONNREFUSED",
  "ENOTFOUND",
  "EAI_AGAIN",
  "EHOSTUNREACH",
  "ENETUNREACH",
  "ETIMEDOUT",
  "ECONNRESET",
  "UND_ERR_CONNECT_TIMEOUT",
  "UND_ERR_SOCKET",
]);

/** The network error code when nothing answered at the address, else null. */
export function unreachableCode(error: unknown): string | null {
  const cause = error instanceof Error ? error.cause : undefined;
  const code = (cause as { code?: unknown } | undefined)?.code;
  return typeof code === "string" && UNREACHABLE.has(code) ? code : null;
}
