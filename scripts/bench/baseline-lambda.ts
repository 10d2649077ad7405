// The baseline as a Lambda entry point, bundled like Gatehouse's for the `cold` and `bundle`
// cases: it pays for the same AWS SDK and does the same kind of first request (one read), so
// the comparison is about what Gatehouse adds, not about the SDK every such function carries.
import { createBaselineHandler } from "./baseline.js";

const { DYNAMODB_ENDPOINT, BASELINE_TABLE_NAME, BASELINE_KEY } = process.env;
if (!DYNAMODB_ENDPOINT || !BASELINE_TABLE_NAME || !BASELINE_KEY) {
  throw new TypeError("Set DYNAMODB_ENDPOINT, BASELINE_TABLE_NAME and BASELINE_KEY");
}

/** The baseline+read handler. */
export const handler = createBaselineHandler({
  endpoint: DYNAMODB_ENDPOINT,
  tableName: BASELINE_TABLE_NAME,
  key: JSON.parse(BASELINE_KEY) as Record<string, string>,
});
