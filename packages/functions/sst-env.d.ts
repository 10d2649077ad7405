/* Written by hand in the shape `sst deploy` generates, and committed, so `npm run typecheck`
   passes without a deploy. SST rewrites it on `sst dev` and `sst deploy`; keep it in step with
   infra/ when a linked resource changes. */
/* tslint:disable */
/* eslint-disable */
import "sst"
declare module "sst" {
  export interface Resource {
    "AccountPage": {
      "name": string
      "type": "sst.aws.Function"
    }
    "Api": {
      "type": "sst.aws.ApiGatewayV2"
      "url": string
    }
    "AppSyncAuthorizer": {
      "name": string
      "type": "sst.aws.Function"
    }
    "GatewayAuthorizer": {
      "name": string
      "type": "sst.aws.Function"
    }
    "SigningKeys": {
      "type": "sst.sst.Secret"
      "value": string
    }
    "TotpKeys": {
      "type": "sst.sst.Secret"
      "value": string
    }
    "Table": {
      "name": string
      "type": "sst.aws.Dynamo"
    }
  }
}
export {}
