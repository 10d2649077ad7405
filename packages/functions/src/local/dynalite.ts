import type { IncomingMessage, RequestListener, Server, ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { setTimeout as sleep } from "node:timers/promises";
import {
  CreateTableCommand,
  DescribeTableCommand,
  UpdateTimeToLiveCommand,
} from "@aws-sdk/client-dynamodb";
import {
  createDocumentClient,
  createTableInput,
  TABLE_SCHEMA,
  tableExists,
} from "@gatehouse/core/dynamo";
import dynalite from "dynalite";

/** A running embedded DynamoDB-compatible server. */
export interface EmbeddedDynamo {
  readonly endpoint: string;
  close(): Promise<void>;
}

/** The only Host a request to the embedded store may name: its own loopback address. */
const LOOPBACK_HOST = /^(127\.0\.0\.1|localhost)(:\d+)?$/;

/**
 * True for a request that a web page could have sent. dynalite answers every origin with
 * `Access-Control-Allow-Origin: *`, so a page the developer visits could read every password
 * hash and write itself an ADMIN. The SDK (npm start, the admin CLI, tests) never sends an
 * `Origin` and never preflights; browsers send `Origin` on every cross-origin POST (Fetch
 * standard, "CORS protocol"), and a DNS-rebound page names its own host in `Host`.
 */
function fromBrowser(request: IncomingMessage): boolean {
  return (
    request.method === "OPTIONS" ||
    request.headers.origin !== undefined ||
    !LOOPBACK_HOST.test(request.headers.host ?? "")
  );
}

/** Puts a guard in front of dynalite's own request handler: browser requests get a bare 403. */
function refuseBrowsers(server: Server): void {
  const handlers = server.listeners("request") as RequestListener[];
  server.removeAllListeners("request");
  server.on("request", (request: IncomingMessage, response: ServerResponse) => {
    if (fromBrowser(request)) {
      // No CORS headers: the page learns nothing, not even that something answered.
      response.writeHead(403, { "content-type": "text/plain", connection: "close" });
      response.end("Forbidden\n");
      request.resume();
      return;
    }
    for (const handler of handlers) handler(request, response);
  });
}

/**
 * Starts dynalite on a free loopback port, persisting under `path` (omit to keep nothing).
 * No AWS account, no Docker: it speaks the DynamoDB wire protocol in this process.
 */
export async function startEmbeddedDynamo(path?: string): Promise<EmbeddedDynamo> {
  const server = dynalite({
    createTableMs: 0,
    deleteTableMs: 0,
    updateTableMs: 0,
    ...(path ? { path } : {}),
  });
  refuseBrowsers(server);
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  return {
    endpoint: `http://127.0.0.1:${port}`,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
      }),
  };
}

/** Polls between DescribeTable calls, and how many polls before giving up (a generous bound). */
const ACTIVE_POLL_MS = 20;
const ACTIVE_MAX_POLLS = 3_000;

/**
 * Waits until the table is ACTIVE. CreateTable answers while the table is still CREATING
 * (dynalite switches it on a timer, DynamoDB after seconds), and a write before then fails
 * with ResourceNotFoundException.
 */
async function waitUntilActive(
  db: ReturnType<typeof createDocumentClient>,
  tableName: string,
): Promise<void> {
  for (let poll = 0; poll < ACTIVE_MAX_POLLS; poll++) {
    const { Table } = await db.send(new DescribeTableCommand({ TableName: tableName }));
    if (Table?.TableStatus === "ACTIVE") return;
    await sleep(ACTIVE_POLL_MS);
  }
  throw new Error(`The table did not become active after ${ACTIVE_MAX_POLLS} polls`);
}

/** Creates the table (with its index and TTL setting) unless it exists; returns once it is ACTIVE. */
export async function ensureTable(endpoint: string, tableName: string): Promise<void> {
  const db = createDocumentClient({
    endpoint,
    region: "local",
    credentials: { accessKeyId: "local", secretAccessKey: "local" },
  });
  try {
    if (await tableExists(db, tableName)) {
      await waitUntilActive(db, tableName);
      return;
    }
    await db.send(new CreateTableCommand(createTableInput(tableName)));
    await waitUntilActive(db, tableName);
    // dynalite accepts the setting but never deletes: expiry is always decided in code.
    await db
      .send(
        new UpdateTimeToLiveCommand({
          TableName: tableName,
          TimeToLiveSpecification: { AttributeName: TABLE_SCHEMA.ttlAttribute, Enabled: true },
        }),
      )
      .catch(() => undefined);
  } finally {
    db.destroy();
  }
}
