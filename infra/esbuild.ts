/**
 * esbuild settings every Gatehouse function is bundled with, on top of SST's own (ESM, minify,
 * keepNames, `mainFields: ["module", "main"]`). `scripts/ci/bundle.ts` builds with the same ones,
 * so the benchmark's `bundle` and `cold` cases measure what deploys.
 */
/**
 * Packages the handler imports only when first needed, left out of the bundle and installed
 * beside it: with the mail transports in, the bundle grew from 1.20 to 1.52 MB and
 * `cold / cold-baseline` from 1.23 to 1.37, for code that runs only when a mail is sent. The
 * TOTP library, the QR code writer and @simplewebauthn/server (with its ASN.1/X.509
 * dependencies) likewise run only in a second-factor or passkey operation, never on the
 * per-request path.
 */
export const LAZY_PACKAGES = [
  "nodemailer",
  "@aws-sdk/client-sesv2",
  "otplib",
  "qrcode",
  "@simplewebauthn/server",
] as const;

export const esbuildOptions = {
  // @as-integrations/aws-lambda is CommonJS and require()s @apollo/server. esbuild resolves a
  // require() with the `require` condition, which picks Apollo's CommonJS build, so a second
  // Apollo Server (with its own graphql-tools, LRU cache and usage-reporting protobufs) was
  // bundled and loaded beside the ESM one our code imports: 360 kB of the 1.6 MB bundle, and
  // about 40 ms of a cold start (`npm run bench`).
  // With `import` every package resolves to one, ESM, build. Setting conditions replaces
  // esbuild's default `module`, so it is listed again.
  // `@gatehouse/source` bundles the workspace packages from their TypeScript source, so a
  // deploy needs no `npm run build` and never ships a stale dist/.
  conditions: ["@gatehouse/source", "module", "import"],
  // graphql has no exports map, so a deep import without an extension resolves to its
  // CommonJS file: graphql-armor's max-tokens plugin imports `graphql/language/parser`, which
  // bundled a second graphql parser, lexer and GraphQLError (46 kB) beside the ESM ones.
  alias: { "graphql/language/parser": "graphql/language/parser.mjs" },
  external: [...LAZY_PACKAGES],
};
