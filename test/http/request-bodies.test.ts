import { httpEvent, type TestApp } from "@gatehouse/testing/http";
import { beforeAll, describe, expect, it } from "vitest";
import { dynamoApp } from "../support/gql.js";

// What /graphql does with a body before GraphQL sees it: the size limit and malformed JSON.

let app: TestApp;

beforeAll(async () => {
  app = await dynamoApp();
});

describe("request bodies", () => {
  const post = (target: TestApp, body: string) =>
    target.invoke(
      httpEvent({
        method: "POST",
        path: "/graphql",
        headers: { "content-type": "application/json" },
        body,
      }),
    );
  /** A GraphQL body of exactly `bytes` UTF-8 bytes, padded with a comment of `pad`. */
  const bodyOf = (bytes: number, pad = "x") => {
    const base = JSON.stringify({ query: "{ me { id } } #" });
    const padBytes = Buffer.byteLength(pad);
    const count = Math.floor((bytes - Buffer.byteLength(base)) / padBytes);
    const body = JSON.stringify({ query: `{ me { id } } #${pad.repeat(count)}` });
    return body + " ".repeat(bytes - Buffer.byteLength(body));
  };

  it("answers a body over GATEHOUSE_MAX_BODY_BYTES with 413, counting bytes, not characters", async () => {
    const small = await dynamoApp({ env: { GATEHOUSE_MAX_BODY_BYTES: "2048" } });

    expect((await post(small, bodyOf(2048))).status).toBe(200);
    const over = await post(small, bodyOf(2049));
    expect(over.status).toBe(413);
    expect(over.headers["cache-control"]).toBe("no-store");
    expect(over.text).not.toContain("xxxx");

    // 700 euro signs are 700 characters but 2100 bytes.
    const euros = bodyOf(2100, "€");
    expect(euros.length).toBeLessThan(2048);
    expect((await post(small, euros)).status).toBe(413);
  });

  it.each(["{ not json", '{"query": "{ me { id } }"', "[1, 2", "nul"])(
    "answers malformed JSON %j with a 400 JSON error, not a parser trace",
    async (body) => {
      const response = await post(app, body);
      expect(response.status).toBe(400);
      expect(response.headers["content-type"]).toMatch(/^application\/json/);
      expect(response.body).toEqual({
        errors: [
          { message: "The request body is not valid JSON.", extensions: { code: "BAD_REQUEST" } },
        ],
      });
      expect(response.text).not.toMatch(/SyntaxError|Unexpected|position|\bat /);
    },
  );
});
