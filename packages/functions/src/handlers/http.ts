import { createGatehouse } from "../library/create-gatehouse.js";

/**
 * The Lambda entry point: Gatehouse with no team parts, as a team's own entry would call it.
 * Configuration, keys and clients are built here, at cold start, so a misconfiguration fails
 * the deploy's first invocation loudly rather than each request.
 */
const gatehouse = await createGatehouse();

/** API Gateway v2 / function URL handler: `/graphql`, well-known documents, health. */
export const handler = gatehouse.handler;
