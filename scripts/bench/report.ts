// The benchmark's results, the ratios the targets are stated in, and the printed table.
import type { ColdSummary } from "./cold.js";
import { ratio, type Summary } from "./stats.js";

/** Everything one run measured; absent sections were not run (`--only`). */
export interface Results {
  readonly cases: Readonly<Record<string, Summary>>;
  readonly cold?: { readonly gatehouse: ColdSummary; readonly baseline: ColdSummary };
  readonly bundle?: { readonly gatehouse: number; readonly baseline: number };
  readonly rss?: { readonly requests: number; readonly rssMiB: number; readonly heapMiB: number };
}

/** One target of the issue, judged on this run. */
export interface Target {
  readonly name: string;
  readonly value: number;
  readonly limit: string;
  readonly ok: boolean;
}

const MIB = 1024 * 1024;
/** 1.3 MB, read as the smaller 1.3 × 10⁶ bytes. */
const BUNDLE_LIMIT_BYTES = 1_300_000;

/** The ratios and absolute figures the targets are stated in, for what was run. */
export function targets(results: Results): Target[] {
  const { cases, cold, bundle, rss } = results;
  const out: Target[] = [];
  const caseRatio = (name: string, a: string, b: string, limit: number) => {
    const x = cases[a];
    const y = cases[b];
    if (x && y) {
      const value = ratio(x.median, y.median);
      out.push({ name, value, limit: `≤ ${limit}`, ok: value <= limit });
    }
  };
  caseRatio("me / baseline+read", "me", "baseline+read", 1.15);
  // Issue 14: a second factor costs `me` nothing (the same one read).
  caseRatio("me-aal2 / me", "me-aal2", "me", 1.1);
  caseRatio("me-cpu / baseline", "me-cpu", "baseline", 2.5);
  if (cold) {
    const value = ratio(cold.gatehouse.total.median, cold.baseline.total.median);
    out.push({ name: "cold / cold-baseline", value, limit: "≤ 1.25", ok: value <= 1.25 });
    const cpu = ratio(cold.gatehouse.cpu.median, cold.baseline.cpu.median);
    out.push({ name: "cold CPU / cold-baseline CPU", value: cpu, limit: "(reported)", ok: true });
  }
  if (bundle) {
    const value = ratio(bundle.gatehouse, bundle.baseline);
    out.push({ name: "bundle / bundle-baseline", value, limit: "(reported)", ok: true });
    const mb = Math.round(bundle.gatehouse / 10_000) / 100;
    out.push({
      name: "bundle, MB",
      value: mb,
      limit: "< 1.3",
      ok: bundle.gatehouse < BUNDLE_LIMIT_BYTES,
    });
  }
  const login = cases.login;
  if (login) {
    const value = Math.round(login.median * 10) / 10;
    out.push({ name: "login median, ms", value, limit: "< 40", ok: value < 40 });
  }
  const wrong = cases["login-wrong"];
  const unknown = cases["login-unknown"];
  if (wrong && unknown) {
    // Either way round: an unknown email must take as long as a wrong password.
    const value = ratio(
      Math.max(wrong.median, unknown.median),
      Math.min(wrong.median, unknown.median),
    );
    out.push({
      name: "login-unknown ~ login-wrong",
      value,
      limit: "≤ 1.35",
      ok: value <= 1.35,
    });
  }
  if (rss) {
    const value = Math.round(rss.rssMiB * 10) / 10;
    out.push({
      name: `RSS growth over ${rss.requests} me, MiB`,
      value,
      limit: "< 10",
      ok: value < 10,
    });
  }
  return out;
}

const signed = (value: number) => `${value >= 0 ? "+" : ""}${value.toFixed(1)}`;
const ms = (value: number) => `${value.toFixed(value < 10 ? 3 : 1)} ms`;

/** The human-readable report. */
export function formatTable(results: Results): string {
  const lines: string[] = [];
  const row = (cells: string[], widths: number[]) =>
    cells.map((cell, i) => (i === 0 ? cell.padEnd(widths[i] ?? 0) : cell.padStart(widths[i] ?? 0)));
  const caseWidths = [16, 12, 12, 7];
  lines.push(row(["case", "median", "p99", "n"], caseWidths).join("  "));
  for (const [name, summary] of Object.entries(results.cases)) {
    lines.push(
      row([name, ms(summary.median), ms(summary.p99), String(summary.n)], caseWidths).join("  "),
    );
  }
  const { cold, bundle, rss } = results;
  if (cold) {
    for (const [name, summary] of [
      ["cold", cold.gatehouse],
      ["cold-baseline", cold.baseline],
    ] as const) {
      const detail = `(import ${ms(summary.init.median)} + first ${ms(summary.first.median)}; CPU ${ms(summary.cpu.median)})`;
      const cells = [
        name,
        ms(summary.total.median),
        ms(summary.total.p99),
        String(summary.total.n),
      ];
      lines.push(`${row(cells, caseWidths).join("  ")}  ${detail}`);
    }
  }
  if (bundle) {
    lines.push(`${"bundle".padEnd(16)}  ${(bundle.gatehouse / 1e6).toFixed(3).padStart(9)} MB`);
    lines.push(
      `${"bundle-baseline".padEnd(16)}  ${(bundle.baseline / 1e6).toFixed(3).padStart(9)} MB`,
    );
  }
  if (rss) {
    lines.push(
      `${"rss".padEnd(16)}  ${signed(rss.rssMiB)} MiB RSS, ${signed(rss.heapMiB)} MiB heap after ${rss.requests} me`,
    );
  }
  lines.push("");
  const targetWidths = [36, 8, 12, 4];
  lines.push(row(["target", "value", "limit", ""], targetWidths).join("  "));
  for (const target of targets(results)) {
    const cells = [target.name, String(target.value), target.limit, target.ok ? "ok" : "MISS"];
    lines.push(row(cells, targetWidths).join("  "));
  }
  return lines.join("\n");
}

/** Converts bytes to MiB. */
export const mib = (bytes: number) => bytes / MIB;
