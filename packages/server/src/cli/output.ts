/** Where the CLI writes: injectable so that tests run it in-process. */
export interface Output {
  stdout(line: string): void;
  stderr(line: string): void;
}

export const processOutput: Output = {
  stdout: (line) => process.stdout.write(line + "\n"),
  stderr: (line) => process.stderr.write(line + "\n"),
};

/** Prints either JSON (--json) or aligned `label: value` lines. */
export function print(out: Output, json: boolean, value: object, lines: Array<[string, unknown]>): void {
  if (json) return out.stdout(JSON.stringify(value, null, 2));
  const width = Math.max(...lines.map(([label]) => label.length));
  for (const [label, v] of lines) if (v !== undefined) out.stdout(`${(label + ":").padEnd(width + 2)}${String(v)}`);
}
