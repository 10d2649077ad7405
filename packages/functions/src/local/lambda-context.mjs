// The Lambda context a handler gets when it runs outside Lambda: `npm start`, the tests, the
// benchmark, the Node 24 smoke run and the cold-start children. Plain JavaScript (typed by
// lambda-context.d.mts) because the last two load nothing but Node and a bundle, and the Node
// they run may not strip TypeScript.

/** A Lambda context named for `functionName`; the ARN and log group default to its own. */
export function fakeLambdaContext({
  functionName,
  awsRequestId,
  logStreamName,
  logGroupName = `/aws/lambda/${functionName}`,
  invokedFunctionArn = `arn:aws:lambda:us-east-1:123456789012:function:${functionName}`,
}) {
  return {
    callbackWaitsForEmptyEventLoop: false,
    functionName,
    functionVersion: "$LATEST",
    invokedFunctionArn,
    memoryLimitInMB: "1024",
    awsRequestId,
    logGroupName,
    logStreamName,
    getRemainingTimeInMillis: () => 10_000,
    done: () => undefined,
    fail: () => undefined,
    succeed: () => undefined,
  };
}
