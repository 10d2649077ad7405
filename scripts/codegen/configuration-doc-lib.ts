import { LOCAL_SETTINGS } from "../../packages/functions/src/local/settings.js";
import type { Default, Setting, Where } from "../../packages/functions/src/setting-readers.js";
import { SETTINGS } from "../../packages/functions/src/settings.js";

const WHERE: Record<Where, string> = {
  api: "API",
  authorizers: "authorizers",
  local: "`npm start`",
};

const shownDefault = (value: Default) =>
  typeof value === "string" ? value : `deployed: ${value.deployed}; \`npm start\`: ${value.local}`;

function table(settings: readonly Setting<unknown>[], deployed: boolean): string[] {
  const head = deployed
    ? ["variable", "default", "allowed", "applies to", "deployable", "meaning"]
    : ["variable", "default", "allowed", "meaning"];
  return [
    `| ${head.join(" | ")} |`,
    `|${" --- |".repeat(head.length)}`,
    ...settings.map((setting) => {
      const cells = [
        `\`${setting.env}\``,
        shownDefault(setting.default),
        setting.allowed || "any",
        ...(deployed
          ? [
              setting.applies.map((where) => WHERE[where]).join(", "),
              setting.deployable ? "yes" : "no",
            ]
          : []),
        setting.doc,
      ];
      return `| ${cells.join(" | ")} |`;
    }),
  ];
}

/** Renders docs/configuration.md from the settings tables. */
export function renderConfiguration(): string {
  const lines = [
    "# Configuration",
    "",
    "Generated from `packages/functions/src/settings.ts` and `packages/functions/src/local/settings.ts`",
    "by `npm run docs:configuration`; a test fails when this file is out of date.",
    "",
    "Gatehouse reads these environment variables once, at start (a Lambda cold start or `npm start`).",
    "A configuration mistake stops start-up (or the Lambda cold start) with one message that lists",
    "every problem and how to fix it.",
    "",
    "- **applies to**: `API` is the function that serves `/graphql` and the other routes, and",
    "  `npm start`, which serves the same handler; `authorizers` are the gateway and AppSync",
    "  authorizer functions.",
    "- **deployable**: `sst deploy` passes the deploying shell's value to every function; unset, the",
    "  default applies. The other deployed values come from the stage, the linked table and secret.",
    "",
    "## The API and the authorizers",
    "",
    ...table(Object.values(SETTINGS), true),
    "",
    "## `npm start` only",
    "",
    ...table(Object.values(LOCAL_SETTINGS), false),
  ];
  return `${lines.join("\n")}\n`;
}
