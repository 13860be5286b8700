// `etwx`: the command-line face of the core (no Electron). `runCli` is what tests call; main() is
// the process entry bundled to dist/cli/etwx.mjs and started by bin/etwx.mjs.
import { commands } from './commands/index';
import { UsageError, type CliIo } from './io';

declare const __APP_VERSION__: string | undefined;
export const VERSION = typeof __APP_VERSION__ === 'string' ? __APP_VERSION__ : '0.0.0-dev';

function help(): string {
  const names = Object.keys(commands).sort();
  const width = Math.max(8, ...names.map((n) => n.length));
  return [
    'etwx: Event Tracing for Windows explorer, command line',
    '',
    'usage: etwx <command> [options]',
    '       etwx help <command>',
    '',
    'commands:',
    ...names.map((n) => `  ${n.padEnd(width)}  ${commands[n]?.summary ?? ''}`),
    '',
    'options: --help, --version',
  ].join('\n');
}

export async function runCli(argv: string[], io: CliIo): Promise<number> {
  const [first, ...rest] = argv;
  if (first === undefined || first === '--help' || first === '-h') {
    io.out(help());
    return first === undefined ? 2 : 0;
  }
  if (first === '--version' || first === '-V') {
    io.out(VERSION);
    return 0;
  }
  if (first === 'help') {
    const cmd = rest[0] ? commands[rest[0]] : undefined;
    io.out(cmd ? cmd.usage : help());
    return cmd || !rest[0] ? 0 : 2;
  }
  const cmd = commands[first];
  if (!cmd) {
    io.err(`etwx: unknown command '${first}' (see etwx --help)`);
    return 2;
  }
  if (rest.includes('--help') || rest.includes('-h')) {
    io.out(cmd.usage);
    return 0;
  }
  try {
    return await cmd.run(rest, io);
  } catch (e) {
    if (e instanceof UsageError) {
      io.err(`etwx ${first}: ${e.message}\n\n${cmd.usage}`);
      return 2;
    }
    io.err(`etwx ${first}: ${e instanceof Error ? e.message : String(e)}`);
    return 1;
  }
}
