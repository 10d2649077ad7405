// `npm run admin -- <command>`: operator tasks through the same core services as the API.
// Locally it joins a running `npm start` (or opens the local data itself); with --stage it
// re-runs itself inside `npx sst shell`, which links that stage's table and secret.
import { spawnSync } from "node:child_process";
import { createRuntime, loadConfig } from "@gatehouse/functions";
import { loadLocalSettings, startLocalRuntime } from "@gatehouse/functions/local";
import { ADMIN_USAGE, runAdminCommand } from "./admin-commands.js";

process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= "true";
const args = process.argv.slice(2);
const stageAt = args.indexOf("--stage");
const stage = stageAt === -1 ? undefined : args[stageAt + 1];
const commandArgs =
  stageAt === -1 ? args : args.filter((_, i) => i !== stageAt && i !== stageAt + 1);

if (stageAt !== -1 && stage === undefined) {
  console.error(ADMIN_USAGE);
  process.exit(2);
}

if (stage !== undefined && process.env.GATEHOUSE_ADMIN_STAGE !== stage) {
  const result = spawnSync(
    "npx",
    [
      "sst",
      "shell",
      "--stage",
      stage,
      "--",
      "npx",
      "tsx",
      "--conditions=@gatehouse/source",
      "scripts/ops/admin.ts",
      ...args,
    ],
    { stdio: "inherit", env: { ...process.env, GATEHOUSE_ADMIN_STAGE: stage } },
  );
  process.exit(result.status ?? 1);
}

try {
  let close = async () => {};
  let runtime: Awaited<ReturnType<typeof createRuntime>>;
  if (stage !== undefined) {
    // The CLI signs no tokens, so a stage that takes its issuer from the API URL needs none here.
    runtime = await createRuntime(
      loadConfig({ GATEHOUSE_ISSUER: "https://operator.invalid", ...process.env }),
    );
  } else {
    const local = await startLocalRuntime(loadLocalSettings(), { joinRunning: true });
    runtime = local.runtime;
    close = local.close;
  }
  try {
    await runAdminCommand(runtime, commandArgs, (line) => console.log(line), process.env);
  } finally {
    await close();
  }
} catch (error) {
  const message = error instanceof Error ? error.message : String(error);
  console.error(message);
  process.exit(1);
}
