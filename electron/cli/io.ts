// What a CLI command gets to talk to the world: output streams and exit codes. Tests pass an
// in-memory CliIo and read what was printed.

export interface CliIo {
  out(text: string): void;
  err(text: string): void;
}

export interface Command {
  /** One line for `etwx --help`. */
  summary: string;
  /** Full usage text for `etwx help CMD` / `etwx CMD --help`. */
  usage: string;
  /** Returns the exit code. Errors worth showing go to io.err with what and where. */
  run(args: string[], io: CliIo): Promise<number>;
}

export class UsageError extends Error {}

/** Minimal flag parser: --name value, --name=value, repeatable flags, booleans, positionals. */
export function parseFlags(
  args: string[],
  spec: { booleans?: string[]; strings?: string[]; repeatable?: string[] },
): { flags: Map<string, string[]>; bools: Set<string>; positionals: string[] } {
  const flags = new Map<string, string[]>();
  const bools = new Set<string>();
  const positionals: string[] = [];
  const strings = new Set([...(spec.strings ?? []), ...(spec.repeatable ?? [])]);
  const booleans = new Set(spec.booleans ?? []);
  for (let i = 0; i < args.length; i++) {
    const a = args[i] as string;
    if (!a.startsWith('--') || a === '--') {
      positionals.push(a);
      continue;
    }
    const eq = a.indexOf('=');
    const name = eq > 0 ? a.slice(2, eq) : a.slice(2);
    if (booleans.has(name)) {
      bools.add(name);
      continue;
    }
    if (!strings.has(name)) throw new UsageError(`unknown option --${name}`);
    const value = eq > 0 ? a.slice(eq + 1) : args[++i];
    if (value === undefined) throw new UsageError(`--${name} needs a value`);
    const list = flags.get(name) ?? [];
    if (list.length && !(spec.repeatable ?? []).includes(name)) throw new UsageError(`--${name} given twice`);
    list.push(value);
    flags.set(name, list);
  }
  return { flags, bools, positionals };
}
