import { createInterface } from "node:readline";
import { Writable } from "node:stream";

/** Thrown when the person at the terminal presses Ctrl-C (or Ctrl-D) instead of answering. */
export class PromptCancelled extends Error {
  constructor() {
    super("cancelled");
  }
}

/**
 * Asks a question on a terminal and reads the answer without echoing it: the prompt goes to
 * `output`, then readline's echo of every keystroke is dropped, as `sudo` and `ssh` do.
 */
export function promptHidden(
  question: string,
  input: NodeJS.ReadableStream,
  output: NodeJS.WritableStream,
): Promise<string> {
  let muted = false;
  const echo = new Writable({
    write(chunk: Buffer, _encoding, done) {
      if (!muted) output.write(chunk);
      done();
    },
  });
  const rl = createInterface({ input, output: echo, terminal: true });
  return new Promise((resolve, reject) => {
    let answered = false;
    rl.on("SIGINT", () => rl.close());
    rl.on("close", () => {
      output.write("\n");
      if (!answered) reject(new PromptCancelled());
    });
    rl.question(question, (answer) => {
      answered = true;
      resolve(answer);
      rl.close();
    });
    // The question is written synchronously above; from here on nothing typed is shown.
    muted = true;
  });
}
