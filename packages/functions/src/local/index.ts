// `@gatehouse/functions/local`: what `npm start` and the tests run on, the embedded DynamoDB
// (dynalite, a dev dependency) included. Kept off the main entry so that an installed package
// imports without it.
export { loadOrCreateDevKeys, loadOrCreateTotpKeys } from "./dev-keys.js";
export { type EmbeddedDynamo, ensureTable, startEmbeddedDynamo } from "./dynalite.js";
export { httpListener } from "./http-adapter.js";
export { type FakeContextFields, fakeLambdaContext } from "./lambda-context.mjs";
export { type LocalRuntime, startLocalRuntime } from "./local-runtime.js";
export { type LocalServer, type LocalServerOptions, startLocalServer } from "./server.js";
export {
  LOCAL_SETTINGS,
  type LocalSettings,
  loadLocalSettings,
  parseLocalSettings,
} from "./settings.js";
