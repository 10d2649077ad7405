import { createGatehouse } from "@gatehouse/functions";
import { notesApi } from "./notes-api.js";

/**
 * The notes API's Lambda entry: Gatehouse's sign-up, login and sessions plus the notes, built
 * once per container. Deploy it with `GATEHOUSE_ROLES=USER,EDITOR,ADMIN`.
 */
const gatehouse = await createGatehouse(notesApi);

/** API Gateway v2 / function URL handler: `/graphql`, well-known documents, health. */
export const handler = gatehouse.handler;
