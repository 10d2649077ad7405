// The embedded DynamoDB for the benchmark, in its own process: its CPU work, heap and GC stay
// out of the handler's samples, CPU profile and RSS, as a real table's would. Prints its
// endpoint as one JSON line and stops when its parent closes stdin.
import { startEmbeddedDynamo } from "../../packages/functions/src/local/dynalite.js";

const dynamo = await startEmbeddedDynamo();
process.stdout.write(`${JSON.stringify({ endpoint: dynamo.endpoint })}\n`);
process.stdin.resume();
process.stdin.on("end", async () => {
  await dynamo.close();
  process.exit(0);
});
