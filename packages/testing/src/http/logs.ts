/** Log lines written to stdout while capturing, parsed when they are JSON. */
export interface CapturedLogs {
  /** Every line written since capture began (or since `clear`). */
  readonly lines: () => string[];
  /** The lines that parse as JSON objects (Powertools' structured logs). */
  readonly records: () => Record<string, unknown>[];
  readonly clear: () => void;
  readonly restore: () => void;
}

/**
 * Captures what the service writes to stdout and stderr (Powertools' logger and metrics write
 * there, as Lambda expects), so a test can assert on real log lines. Nothing is passed through.
 */
export function captureLogs(): CapturedLogs {
  const streams = [process.stdout, process.stderr];
  const originals = streams.map((stream) => stream.write);
  let buffer = "";
  for (const stream of streams) {
    stream.write = ((chunk: string | Uint8Array, ...rest: unknown[]) => {
      buffer += typeof chunk === "string" ? chunk : Buffer.from(chunk).toString("utf8");
      const callback = rest.find((arg) => typeof arg === "function") as (() => void) | undefined;
      callback?.();
      return true;
    }) as typeof stream.write;
  }
  const lines = () => buffer.split("\n").filter((line) => line.length > 0);
  return {
    lines,
    records: () =>
      lines().flatMap((line) => {
        try {
          const parsed: unknown = JSON.parse(line);
          return typeof parsed === "object" && parsed !== null
            ? [parsed as Record<string, unknown>]
            : [];
        } catch {
          return [];
        }
      }),
    clear: () => {
      buffer = "";
    },
    restore: () => {
      streams.forEach((stream, index) => {
        stream.write = originals[index] ?? stream.write;
      });
    },
  };
}
