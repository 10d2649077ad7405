import { inputRule } from "graphql-shield";
import { describe, expect, it } from "vitest";

// patches/graphql-shield+7.6.5.patch makes shield load yup only when an input rule first
// validates, so a bundle that uses no input rule carries no yup (≈60 KiB of every cold start).
// An input rule must still work as published.

describe("graphql-shield as patched", () => {
  it("still validates an input rule's arguments with yup, loaded on first use", async () => {
    const rule = inputRule()((yup) => yup.object({ text: yup.string().required() })) as unknown as {
      func: (parent: unknown, args: unknown, ctx: unknown) => Promise<unknown>;
    };

    await expect(rule.func(undefined, { text: "a note" }, {})).resolves.toBe(true);
    await expect(rule.func(undefined, {}, {})).resolves.toBeInstanceOf(Error);
  });
});
