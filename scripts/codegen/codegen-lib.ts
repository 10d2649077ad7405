import { readFile } from "node:fs/promises";
import { fileURLToPath } from "node:url";
import { codegen } from "@graphql-codegen/core";
import * as typescript from "@graphql-codegen/typescript";
import * as typescriptResolvers from "@graphql-codegen/typescript-resolvers";
import { parse } from "graphql";

const root = fileURLToPath(new URL("../..", import.meta.url));
const generatedDir = "packages/functions/src/graphql/__generated__";
const banner = "// Generated from schema.graphql by `npm run codegen`. Do not edit.\n";

/** One generated file: its path from the repository root and its full text. */
export interface GeneratedFile {
  readonly path: string;
  readonly content: string;
}

/** Generates the resolver types and the embedded SDL from `schema.graphql`. */
export async function generate(): Promise<GeneratedFile[]> {
  const sdl = await readFile(`${root}schema.graphql`, "utf8");
  const resolverTypes = await codegen({
    filename: "resolvers-types.ts",
    schema: parse(sdl),
    documents: [],
    plugins: [{ typescript: {} }, { typescriptResolvers: {} }],
    pluginMap: { typescript, typescriptResolvers },
    config: {
      useTypeImports: true,
      enumsAsTypes: true,
      strictScalars: true,
      scalars: {
        ID: { input: "string", output: "string" },
        // Checked by the JSON scalar (graphql/json-scalar.ts): an object, never another kind.
        JSON: { input: "Record<string, unknown>", output: "object" },
      },
      // The enum's values are configuration (GATEHOUSE_ROLES): a role is any name of the set.
      enumValues: { Role: "@gatehouse/core#Role" },
      contextType: "../context.js#GraphQLContext",
      mappers: {
        User: "../models.js#UserModel",
        Session: "../models.js#SessionModel",
        AuthPayload: "../models.js#AuthPayloadModel",
        UserConnection: "../models.js#UserConnectionModel",
        SecondFactors: "../models.js#SecondFactorsModel",
        Passkey: "../models.js#PasskeyModel",
      },
    },
  });
  return [
    {
      path: `${generatedDir}/resolvers-types.ts`,
      // The plugin re-exports a mapped enum with a value export, which `verbatimModuleSyntax`
      // refuses for a type.
      content: banner + resolverTypes.replace("export { Role };", "export type { Role };"),
    },
    {
      path: `${generatedDir}/type-defs.ts`,
      content: `${banner}export const typeDefs = ${JSON.stringify(sdl)};\n`,
    },
  ];
}

/** Absolute path of a generated file. */
export function absolute(file: GeneratedFile): string {
  return `${root}${file.path}`;
}
