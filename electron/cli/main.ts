// Process entry for `etwx`: wires runCli to stdout/stderr. stdout errors (EPIPE from `| head`) end quietly.
import { runCli } from './etwx';

process.stdout.on('error', (e: NodeJS.ErrnoException) => {
  if (e.code === 'EPIPE') process.exit(0);
  throw e;
});

const code = await runCli(process.argv.slice(2), {
  out: (t) => process.stdout.write(t.endsWith('\n') ? t : `${t}\n`),
  err: (t) => process.stderr.write(t.endsWith('\n') ? t : `${t}\n`),
});
process.exitCode = code;
