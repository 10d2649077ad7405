import { readFileSync } from "node:fs";
import { ERROR_CODES, type ErrorCode } from "@gatehouse/core";
import { describe, expect, it } from "vitest";
import { PUBLIC_ERRORS, REQUEST_ERRORS, type RequestError } from "../src/graphql/public-errors.js";

const contract = readFileSync(new URL("../../../docs/contract.md", import.meta.url), "utf8");

/** The rows of one error table of the contract: its header line and the rows under it. */
function tableRows(heading: string): string[] {
  const at = contract.indexOf(heading);
  if (at === -1) return [];
  const section = contract.slice(at);
  return section
    .slice(0, section.indexOf("\n## ") === -1 ? undefined : section.indexOf("\n## "))
    .split("\n")
    .filter((line) => line.startsWith("| ") && !line.startsWith("| ---"))
    .slice(1);
}

/** The rows of the contract's "Errors" tables (v1 and added): situation → [HTTP cell, code cell]. */
function errorTable(): Map<string, readonly [http: string, code: string]> {
  const cells = [...tableRows("## Errors\n"), ...tableRows("## Errors (added)\n")].map((line) =>
    line.slice(2, -2).split(" | "),
  );
  return new Map(cells.map(([situation = "", http = "", code = ""]) => [situation, [http, code]]));
}

/** The paragraph or bullet of the contract that starts with `start`. */
function clause(start: string): string {
  const at = contract.indexOf(start);
  expect(at, `the contract says "${start}"`).toBeGreaterThanOrEqual(0);
  return contract.slice(at, contract.indexOf("\n- ", at));
}

// Which domain codes each error row of the contract is about. A row is found by how its
// situation starts; the HTTP status and public code are read from the contract itself.
const TABLE_ROWS: readonly { readonly starts: string; readonly codes: readonly ErrorCode[] }[] = [
  { starts: "no `Authorization` header", codes: ["NOT_AUTHENTICATED"] },
  {
    starts: "`Authorization` present but not a valid",
    codes: [
      "BAD_AUTHORIZATION_HEADER",
      "TOKEN_MALFORMED",
      "TOKEN_ALG_NOT_ALLOWED",
      "BAD_SIGNATURE",
      "TOKEN_EXPIRED",
      "TOKEN_CLAIM_INVALID",
      "TOKEN_REVOKED",
    ],
  },
  { starts: "signed in without the role", codes: ["FORBIDDEN"] },
  { starts: "wrong email or password", codes: ["INVALID_CREDENTIALS"] },
  { starts: "too many failed logins", codes: ["RATE_LIMITED"] },
  { starts: "wrong TOTP or recovery code", codes: ["INVALID_SECOND_FACTOR"] },
  {
    starts: "invalid input (bad email, weak password, taken email, signup closed)",
    codes: ["INVALID_EMAIL", "WEAK_PASSWORD", "EMAIL_TAKEN", "SIGNUP_CLOSED"],
  },
  { starts: "revocation store unreachable", codes: ["STORE_UNAVAILABLE"] },
  { starts: "mail transport down", codes: ["MAIL_UNAVAILABLE"] },
  { starts: "right password, disabled account", codes: ["ACCOUNT_DISABLED"] },
  { starts: "aal1 token of a user with a second factor", codes: ["MFA_REQUIRED"] },
  { starts: "sensitive operation without a recent sign-in", codes: ["REAUTHENTICATION_REQUIRED"] },
  { starts: "unverified email while", codes: ["EMAIL_NOT_VERIFIED"] },
  { starts: "link token unknown, used, expired", codes: ["LINK_TOKEN_INVALID"] },
  { starts: "passkey assertion refused", codes: ["PASSKEY_INVALID", "PASSKEY_COUNTER_REPLAYED"] },
];

// Rows stated in prose (Clarifications, Changes to v1 behaviour): the public code the clause
// names; they are field errors, answered 200 like the table's field rows.
const CLAUSE_ROWS: readonly { readonly starts: string; readonly codes: readonly ErrorCode[] }[] = [
  { starts: "- Credential failures", codes: ["REFRESH_TOKEN_INVALID", "REFRESH_TOKEN_REUSED"] },
  { starts: "- The last enabled ADMIN cannot lose the role", codes: ["INVALID_ARGUMENT"] },
];

// Rows no domain code decides: answered before GraphQL runs, or anything unexpected.
const REQUEST_ROWS: readonly { readonly starts: string; readonly error: RequestError }[] = [
  { starts: "body over `GATEHOUSE_MAX_BODY_BYTES`", error: "bodyTooLarge" },
  { starts: "anything unexpected", error: "unexpected" },
];

function rowOf(starts: string): readonly [http: string, code: string] {
  const found = [...errorTable()].filter(([situation]) => situation.startsWith(starts));
  expect(found, `one row of the contract's error table starts with "${starts}"`).toHaveLength(1);
  return found[0]?.[1] ?? ["", ""];
}

/** The statuses an HTTP cell names before any words ("200/500": either). */
const statusesOf = (http: string) => (http.split(" ")[0] ?? "").split("/").map(Number);
const codeOf = (text: string) => /`([A-Z_]+)`/.exec(text)?.[1];
const answerOf = (domain: ErrorCode) => [
  domain,
  PUBLIC_ERRORS[domain].status,
  PUBLIC_ERRORS[domain].code,
];

describe("the public error table", () => {
  it("has exactly one row per domain code", () => {
    expect(Object.keys(PUBLIC_ERRORS).sort()).toEqual(Object.values(ERROR_CODES).sort());
  });

  it("names every domain code in exactly one of the contract's error rows", () => {
    const claimed = [...TABLE_ROWS, ...CLAUSE_ROWS].flatMap((row) => row.codes).sort();
    expect(claimed).toEqual(Object.values(ERROR_CODES).sort());
  });

  it.each(TABLE_ROWS)(
    "answers the contract's status and code for: $starts",
    ({ starts, codes }) => {
      const [http, code] = rowOf(starts);
      expect(statusesOf(http)).toHaveLength(1);
      const expected = codes.map((domain) => [domain, statusesOf(http)[0], codeOf(code)]);
      expect(codes.map(answerOf)).toEqual(expected);
    },
  );

  it.each(CLAUSE_ROWS)("answers the code the contract names for: $starts", ({ starts, codes }) => {
    const expected = codes.map((domain) => [domain, 200, codeOf(clause(starts))]);
    expect(codes.map(answerOf)).toEqual(expected);
  });

  it.each(REQUEST_ROWS)("answers the contract's status for: $starts", ({ starts, error }) => {
    const [http, code] = rowOf(starts);
    expect(statusesOf(http)).toContain(REQUEST_ERRORS[error].status);
    // "—": the contract names no code for it.
    if (code !== "—") expect(REQUEST_ERRORS[error].code).toBe(codeOf(code));
  });
});
