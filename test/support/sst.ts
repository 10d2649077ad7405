// Stand-ins for SST's globals (`$config`, `$app`, `sst`) that record every resource and route,
// so sst.config.ts and infra/ run without AWS or SST's engine (test/ops/infra*.test.ts).
import { afterEach, beforeEach, vi } from "vitest";

const root = new URL("../../", import.meta.url);

/** One component, route or authorizer the evaluated code created. */
export interface Recorded {
  readonly kind: string;
  readonly name: string;
  // biome-ignore lint/suspicious/noExplicitAny: the recorded arguments are SST's, untyped here.
  readonly args: any;
  readonly instance: object;
}

/** Stand-ins for SST's components: each records its arguments and exposes the outputs used. */
function stubSst(recorded: Recorded[]) {
  const record = (kind: string, name: string, args: unknown, instance: object) =>
    recorded.push({ kind, name, args: args ?? {}, instance });
  class Dynamo {
    readonly name: string;
    constructor(name: string, args: unknown) {
      this.name = `table:${name}`;
      record("sst.aws.Dynamo", name, args, this);
    }
  }
  class Secret {
    readonly value: string;
    constructor(name: string, args?: unknown) {
      this.value = `secret:${name}`;
      record("sst.Secret", name, args, this);
    }
  }
  class LambdaFunction {
    readonly arn: string;
    readonly name: string;
    constructor(name: string, args: unknown) {
      this.arn = `arn:aws:lambda:us-east-1:123456789012:function:${name}`;
      this.name = name;
      record("sst.aws.Function", name, args, this);
    }
  }
  class ApiGatewayV2 {
    readonly url: string;
    constructor(
      readonly stubName: string,
      args?: unknown,
    ) {
      this.url = `url:${stubName}`;
      record("sst.aws.ApiGatewayV2", stubName, args, this);
    }
    route(route: string, handler: unknown, args?: unknown) {
      record("route", route, { handler, args, api: this }, {});
    }
    // SST names an authorizer after its API and registers it on that API alone.
    addAuthorizer(args: { name: string }) {
      const authorizer = { id: `authorizer:${this.stubName}:${args.name}` };
      record("authorizer", args.name, { ...args, api: this }, authorizer);
      return authorizer;
    }
  }
  class Email {
    readonly sender: string;
    constructor(name: string, args: { sender: string }) {
      this.sender = args.sender;
      record("sst.aws.Email", name, args, this);
    }
  }
  return { aws: { Dynamo, Function: LambdaFunction, ApiGatewayV2, Email }, Secret };
}

/** Stubs SST's globals for `stage`; `find` looks up what the code then creates. */
export function stubSstGlobals(stage: string) {
  const recorded: Recorded[] = [];
  vi.resetModules();
  vi.stubGlobal("$config", (config: unknown) => config);
  vi.stubGlobal("$app", { name: "gatehouse", stage });
  vi.stubGlobal("sst", stubSst(recorded));
  const find = (kind: string, name: string) => {
    const found = recorded.find((entry) => entry.kind === kind && entry.name === name);
    if (found === undefined) throw new Error(`no ${kind} ${name}`);
    return found;
  };
  return { recorded, find };
}

/** Evaluates the app config for `stage` and runs it, recording every component. */
export async function evaluate(stage: string) {
  const stubbed = stubSstGlobals(stage);
  // A variable specifier: the type-checker must not follow it into SST's platform types.
  const configPath = new URL("sst.config.ts", root).href;
  const config = (await import(/* @vite-ignore */ configPath)).default;
  const app = config.app({ stage });
  const outputs = await config.run();
  return { app, outputs, ...stubbed };
}

/**
 * Deploy-time settings come from the deploying shell: the calling file's tests start from a
 * clean one, and the shell's is put back afterwards.
 */
export function useCleanShell(): void {
  const gatehouseEnv = () =>
    Object.keys(process.env).filter((name) => name.startsWith("GATEHOUSE_"));
  const savedEnv = Object.fromEntries(gatehouseEnv().map((name) => [name, process.env[name]]));
  beforeEach(() => {
    for (const name of gatehouseEnv()) delete process.env[name];
  });
  afterEach(() => {
    for (const name of gatehouseEnv()) delete process.env[name];
    Object.assign(process.env, savedEnv);
    vi.unstubAllGlobals();
  });
}
