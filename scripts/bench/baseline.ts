// The yardstick: a bare Apollo Server 5 behind the same Lambda integration (API Gateway v2),
// over the same schema with trivial resolvers. No shield, no armor, no middleware, no
// telemetry; its context does nothing, or, for `baseline+read`, one strongly consistent
// GetItem through a document client built exactly as Gatehouse builds its own.
import { ApolloServer } from "@apollo/server";
import { handlers, startServerAndCreateLambdaHandler } from "@as-integrations/aws-lambda";
import { GetCommand } from "@aws-sdk/lib-dynamodb";
import { createDocumentClient } from "@gatehouse/core/dynamo";
import type { HttpHandler } from "@gatehouse/functions";
import { makeExecutableSchema } from "@graphql-tools/schema";
import type { APIGatewayProxyStructuredResultV2 } from "aws-lambda";
import { typeDefs } from "../../packages/functions/src/graphql/__generated__/type-defs.js";

/** The one item `baseline+read` reads per request. */
export interface BaselineRead {
  readonly endpoint: string;
  readonly tableName: string;
  readonly key: Readonly<Record<string, string>>;
}

const user = { id: "0", email: "baseline@example.com", roles: ["USER"], createdAt: "1970" };

const resolvers = {
  Query: { me: () => user, user: () => user, sessions: () => [] },
};

/** The baseline handler; with `read`, one GetItem per request before execution. */
export function createBaselineHandler(read?: BaselineRead): HttpHandler {
  const server = new ApolloServer({ schema: makeExecutableSchema({ typeDefs, resolvers }) });
  const db =
    read &&
    createDocumentClient({
      endpoint: read.endpoint,
      region: "local",
      credentials: { accessKeyId: "local", secretAccessKey: "local" },
    });
  const handle = startServerAndCreateLambdaHandler(
    server,
    handlers.createAPIGatewayProxyEventV2RequestHandler(),
    {
      async context() {
        if (db === undefined || read === undefined) return {};
        const { Item } = await db.send(
          new GetCommand({ TableName: read.tableName, Key: read.key, ConsistentRead: true }),
        );
        return { item: Item };
      },
    },
  );
  return (event, context) =>
    handle(event, context, () => undefined) as Promise<APIGatewayProxyStructuredResultV2>;
}
