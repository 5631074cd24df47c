/** A command's result: one JSON document on stdout with --json, else the human summary. */
export function printResult(json: boolean | undefined, value: unknown, text: () => string): void {
  if (json) printJson(value);
  else process.stdout.write(`${text()}\n`);
}

/** One JSON document on stdout, for `--json`. */
export function printJson(value: unknown): void {
  process.stdout.write(`${JSON.stringify(value, null, 2)}\n`);
}
