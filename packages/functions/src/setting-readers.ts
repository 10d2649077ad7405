// The machinery behind the settings tables (settings.ts, local/settings.ts): what one setting
// declares, a reader per kind, and the parse that lists every problem at once. No imports, so
// infra/ can read the tables under SST's own compiler settings.

/** The environment as read: every variable may be missing. */
export type Env = Readonly<Record<string, string | undefined>>;

/** Where a setting takes effect: the API function (and `npm start`), the authorizers, or `npm start` only. */
export type Where = "api" | "authorizers" | "local";

/** A documented default: one for everywhere, or one deployed and one under `npm start`. */
export type Default = string | { readonly deployed: string; readonly local: string };

/** One setting: its variable, how it is read and checked, and what the docs say about it. */
export interface Setting<T> {
  readonly env: string;
  /** One line for the configuration page. */
  readonly doc: string;
  readonly applies: readonly Where[];
  /** True when `sst deploy` passes the deploying shell's value through to the functions. */
  readonly deployable: boolean;
  readonly default: Default;
  /** The range or the allowed values, as the docs state them. */
  readonly allowed: string;
  /** The value to use; a malformed value is reported and the default used in its place. */
  read(raw: string | undefined, problem: (message: string) => void): T;
  /** A check against settings read before this one (by variable name): the problem, if any. */
  check?(value: T, earlier: (env: string) => unknown): string | undefined;
}

/** What every row of a table says besides its kind. */
export interface About<T> {
  readonly env: string;
  readonly doc: string;
  readonly applies: readonly Where[];
  readonly deployable: boolean;
  /** Overrides the documented default where it depends on where the code runs. */
  readonly shown?: Default;
  readonly allowed?: string;
  readonly check?: (value: T, earlier: (env: string) => unknown) => string | undefined;
}

type Table = Readonly<Record<string, Setting<unknown>>>;

/** The parsed values of a table, by row name. */
export type SettingValues<S extends Table> = {
  readonly [K in keyof S]: S[K] extends Setting<infer T> ? T : never;
};

const unset = (raw: string | undefined): raw is undefined | "" => raw === undefined || raw === "";

function row<T>(about: About<T>, shown: Default, allowed: string, read: Setting<T>["read"]) {
  const { env, doc, applies, deployable, check } = about;
  const setting: Setting<T> = {
    env,
    doc,
    applies,
    deployable,
    default: about.shown ?? shown,
    allowed: about.allowed ?? allowed,
    read,
    ...(check === undefined ? {} : { check }),
  };
  return setting;
}

/** A whole number in `min..max`. */
export function integer(about: About<number> & { default: number; min: number; max: number }) {
  const { default: fallback, min, max } = about;
  return row<number>(about, String(fallback), `${min} to ${max}`, (raw, problem) => {
    if (unset(raw)) return fallback;
    const value = Number(raw);
    if (!Number.isInteger(value) || value < min || value > max) {
      problem(`${about.env} must be a whole number from ${min} to ${max} (got "${raw}")`);
      return fallback;
    }
    return value;
  });
}

/** One of a closed list of words. */
export function oneOf<T extends string>(about: About<T> & { values: readonly T[]; default: T }) {
  const { default: fallback, values } = about;
  const allowed = values.map((value) => `\`${value}\``).join(", ");
  return row<T>(about, `\`${fallback}\``, allowed, (raw, problem) => {
    if (unset(raw)) return fallback;
    if (!(values as readonly string[]).includes(raw)) {
      problem(`${about.env} must be one of ${values.join(", ")} (got "${raw}")`);
      return fallback;
    }
    return raw as T;
  });
}

/** `true` or `false`. */
export function flag(about: About<boolean> & { default: boolean }) {
  const { default: fallback } = about;
  return row<boolean>(about, `\`${fallback}\``, "`true`, `false`", (raw, problem) => {
    if (unset(raw)) return fallback;
    if (raw !== "true" && raw !== "false") {
      problem(`${about.env} must be true or false (got "${raw}")`);
      return fallback;
    }
    return raw === "true";
  });
}

/** Free text with a default. */
export function text(about: About<string> & { default: string }) {
  return row<string>(about, `\`${about.default}\``, "", (raw) =>
    unset(raw) ? about.default : raw,
  );
}

/** Free text that may be left unset. */
export function optional(about: About<string | undefined>) {
  return row<string | undefined>(about, "unset", "", (raw) => (unset(raw) ? undefined : raw));
}

/** Text that must be set; `label` names it in the problem when it is not a variable's name. */
export function required(about: About<string> & { hint: string; label?: string }) {
  return row<string>(about, "required", "", (raw, problem) => {
    if (!unset(raw)) return raw;
    problem(`${about.label ?? about.env} is not set: ${about.hint}`);
    return "";
  });
}

/**
 * Comma-separated exact origins (scheme, host, optional port): a browser sends exactly that,
 * and a wildcard or a path would either match too much or never match at all.
 */
export function origins(about: About<readonly string[]>) {
  const allowed = "exact http(s) origins, comma-separated";
  return row<readonly string[]>(about, "unset (none)", allowed, (raw, problem) => {
    const listed = (raw ?? "")
      .split(",")
      .map((entry) => entry.trim())
      .filter((entry) => entry !== "");
    for (const entry of listed) {
      let origin: string | undefined;
      try {
        origin = new URL(entry).origin;
      } catch {
        origin = undefined;
      }
      if (origin !== entry || !/^https?:/.test(entry)) {
        problem(
          `${about.env} must list exact origins like https://app.example.com, comma-separated, without path or trailing slash (got "${entry}")`,
        );
      }
    }
    return listed;
  });
}

/**
 * Comma-separated names, each of `pattern`'s shape, none twice, with every name of `needs` in
 * it (the value of each says why it is needed).
 */
export function names(
  about: About<readonly string[]> & {
    default: readonly string[];
    pattern: RegExp;
    shape: string;
    needs: Readonly<Record<string, string>>;
  },
) {
  const { env, default: fallback, pattern, shape, needs } = about;
  const allowed = `comma-separated ${shape}, including ${Object.keys(needs).join(" and ")}`;
  return row<readonly string[]>(about, `\`${fallback.join(",")}\``, allowed, (raw, problem) => {
    if (unset(raw)) return fallback;
    const listed = raw.split(",").map((entry) => entry.trim());
    let valid = true;
    const fail = (message: string) => {
      valid = false;
      problem(message);
    };
    for (const [index, entry] of listed.entries()) {
      if (!pattern.test(entry)) fail(`${env} must list ${shape} (got "${entry}")`);
      else if (listed.indexOf(entry) !== index) fail(`${env} lists ${entry} twice`);
    }
    for (const [name, why] of Object.entries(needs)) {
      if (!listed.includes(name)) fail(`${env} must include ${name}: ${why} (got "${raw}")`);
    }
    return valid ? listed : fallback;
  });
}

/**
 * Reads every row of `table` in order and fails with one `TypeError` that lists every problem
 * and how to fix it, so a bad deploy fails at cold start instead of answering requests wrongly.
 */
export function parseSettings<S extends Table>(table: S, env: Env): SettingValues<S> {
  const problems: string[] = [];
  const problem = (message: string) => problems.push(message);
  const values: Record<string, unknown> = {};
  const byEnv = new Map<string, unknown>();
  for (const [name, setting] of Object.entries(table)) {
    const value = setting.read(env[setting.env], problem);
    const complaint = setting.check?.(value, (other) => byEnv.get(other));
    if (complaint !== undefined) problem(complaint);
    values[name] = value;
    byEnv.set(setting.env, value);
  }
  if (problems.length > 0) {
    throw new TypeError(`Invalid Gatehouse configuration:\n- ${problems.join("\n- ")}`);
  }
  return values as SettingValues<S>;
}

/** The variables `sst deploy` copies from the deploying shell, in table order. */
export function deployableNames(table: Table): string[] {
  return Object.values(table)
    .filter((setting) => setting.deployable)
    .map((setting) => setting.env);
}
