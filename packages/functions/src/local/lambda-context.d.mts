import type { Context } from "aws-lambda";

/** What differs between the places that run a handler outside Lambda. */
export interface FakeContextFields {
  readonly functionName: string;
  readonly awsRequestId: string;
  readonly logStreamName: string;
  readonly logGroupName?: string;
  readonly invokedFunctionArn?: string;
}

/** A Lambda context named for `functionName`; the ARN and log group default to its own. */
export declare function fakeLambdaContext(fields: FakeContextFields): Context;
