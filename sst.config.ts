/// <reference path="./.sst/platform/config.d.ts" />

export default $config({
  app(input) {
    return {
      name: "gatehouse",
      home: "aws",
      // The CLI refuses to run at any other version, so CI cannot drift from the pinned package.
      version: "4.17.1",
      // Production keeps its table (users, sessions) when the stage is removed or the
      // resource leaves this file; other stages are disposable.
      removal: input?.stage === "production" ? "retain" : "remove",
      protect: input?.stage === "production",
      providers: {
        aws: {
          // Pinned so a shell with another default region cannot deploy a second copy of a stage.
          region: "us-east-1",
        },
      },
    };
  },
  // Gatehouse on its own, added the way a team adds it to its app (docs/deploy.md).
  async run() {
    const { gatehouse } = await import("./infra/gatehouse");
    const auth = gatehouse();
    return {
      url: auth.url,
      table: auth.table.name,
      // For other routes of this API: `auth: { lambda: <authorizerId> }`.
      authorizerId: auth.authorizer.id,
      // For an AppSync API's AWS_LAMBDA authorization (LambdaAuthorizerConfig.authorizerUri).
      appSyncAuthorizer: auth.appSyncAuthorizer.arn,
    };
  },
});
