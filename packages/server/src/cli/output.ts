/** Where the CLI writes: injectable so that tests run it in-process. */
export interface Output {
  stdout(line: string): void;
  stderr(line: string): void;
}

export const processOutput: Output = {
  stdout: (line) => process.stdout.write(line + "\n"),
  stderr: (line) => process.stderr.write(line + "\n"),
};

/** The one way a command prints its result: `value` as JSON with --json, otherwise the text lines. */
export function print(out: Output, json: boolean, value: unknown, lines: string[]): void {
  if (json) return out.stdout(JSON.stringify(value, null, 2));
  for (const line of lines) out.stdout(line);
}

/** Aligned `label: value` lines; an undefined value leaves its line out. */
export function labelled(pairs: Array<[string, unknown]>): string[] {
  const shown = pairs.filter(([, v]) => v !== undefined);
  const width = Math.max(...shown.map(([label]) => label.length));
  return shown.map(([label, v]) => `${(label + ":").padEnd(width + 2)}${String(v)}`);
}
