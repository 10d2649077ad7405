import { startEmbeddedDynamo } from "@gatehouse/functions/local";
import type {} from "vitest";
import type { TestProject } from "vitest/node";

declare module "vitest" {
  export interface ProvidedContext {
    dynamoEndpoint: string;
  }
}

/** One embedded DynamoDB for the whole run; each test file makes its own table in it. */
export default async function setup(project: TestProject) {
  const dynamo = await startEmbeddedDynamo();
  project.provide("dynamoEndpoint", dynamo.endpoint);
  return () => dynamo.close();
}
