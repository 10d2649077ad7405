import type { APIGatewayProxyStructuredResultV2 } from "aws-lambda";
import type { Runtime } from "../runtime.js";
import { json } from "./responses.js";

/** The JWKS and OpenID discovery documents, computed once. */
export function createWellKnownHandler(runtime: Runtime) {
  const { auth, jwksMaxAgeSeconds } = runtime.config;
  const cache = { "cache-control": `public, max-age=${jwksMaxAgeSeconds}` };
  const jwks = json(200, runtime.keys.publicJwks, cache);
  // Enough for an API Gateway JWT authorizer pointed at the issuer (it reads `jwks_uri`).
  const discovery = json(
    200,
    {
      issuer: auth.issuer,
      jwks_uri: `${auth.issuer}/.well-known/jwks.json`,
      id_token_signing_alg_values_supported: runtime.keys.algorithms,
      subject_types_supported: ["public"],
      response_types_supported: ["token"],
      claims_supported: ["iss", "aud", "sub", "jti", "sid", "iat", "exp", "roles"],
    },
    cache,
  );
  return async (path: string): Promise<APIGatewayProxyStructuredResultV2 | undefined> => {
    if (path === "/.well-known/jwks.json") return jwks;
    if (path === "/.well-known/openid-configuration") return discovery;
    return undefined;
  };
}
