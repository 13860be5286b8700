// Command-line options of `npm run serve` (dist/server/serve.mjs). Bad flags are an error value
// with the flag named, never a throw. Binding anywhere but loopback needs --allow-remote.
import { err, ok, type Result } from '../common/result';

export const DEFAULT_PORT = 5183;

export interface ServeOptions {
  port: number;
  host: string;
  allowRemote: boolean;
  allowSessionControl: boolean;
  /** A capture to open at start. */
  open?: string;
  /** Replay a capture as if live (feature of the replay source). */
  replay?: string;
  /** Replay speed factor; Infinity for `--speed max`. */
  speed?: number;
  /** Start with the built-in demo. */
  demo: boolean;
  /** Manifests, binaries or folders of them loaded into the provider catalog at start (repeatable). */
  manifests: string[];
  /** Alert rule file (docs/alert-rules.md) loaded at start; rules edited in the UI are saved back to it. */
  rules?: string;
  /** Folder with the built renderer (default: dist/renderer next to the server bundle). */
  staticDir?: string;
  help: boolean;
}

export const SERVE_USAGE = `usage: npm run serve -- [options]   (or: node dist/server/serve.mjs [options])

ETW Explorer in a browser: serves the app and its API on this machine, with a per-run token.

options:
  --port N                 port to listen on (0 = any free port; default ${DEFAULT_PORT})
  --host ADDR              address to bind (default 127.0.0.1; other than loopback needs --allow-remote)
  --allow-remote           allow binding to a non-loopback address (anyone with the link can read files)
  --allow-session-control  allow starting and stopping live ETW sessions from the browser
  --open FILE              open a capture (.etl) at start
  --replay FILE            replay a capture as if it were live
  --speed N|max            replay speed factor (with --replay; default 1, max = as fast as possible)
  --demo                   start with the built-in demo
  --manifests PATH         load a manifest, binary or folder of them into the provider catalog
                           at start (repeatable)
  --rules FILE             alert rules (JSON, see docs/alert-rules.md) to start with; rules edited
                           in the Processes view are saved back to FILE
  --static DIR             serve the renderer from DIR instead of dist/renderer
  --help                   show this text`;

const BOOLEANS = new Set(['allow-remote', 'allow-session-control', 'demo', 'help']);
const VALUES = new Set(['port', 'host', 'open', 'replay', 'speed', 'static', 'manifests', 'rules']);
/** Value flags that may be given more than once (each value kept, in order). */
const REPEATABLE = new Set(['manifests']);

export function isLoopback(host: string): boolean {
  return host === 'localhost' || host === '::1' || /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(host);
}

export function parseServeArgs(argv: string[]): Result<ServeOptions> {
  const values = new Map<string, string>();
  const repeated = new Map<string, string[]>();
  const flags = new Set<string>();
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i] as string;
    if (arg === '-h') {
      flags.add('help');
      continue;
    }
    if (!arg.startsWith('--')) return err('BAD_REQUEST', `unexpected argument '${arg}'`);
    const eq = arg.indexOf('=');
    const name = eq > 0 ? arg.slice(2, eq) : arg.slice(2);
    if (BOOLEANS.has(name) && eq < 0) {
      flags.add(name);
      continue;
    }
    if (!VALUES.has(name)) return err('BAD_REQUEST', `unknown option --${name}`);
    const value = eq > 0 ? arg.slice(eq + 1) : argv[++i];
    if (value === undefined || value === '') return err('BAD_REQUEST', `--${name} needs a value`);
    if (REPEATABLE.has(name)) {
      repeated.set(name, [...(repeated.get(name) ?? []), value]);
      continue;
    }
    if (values.has(name)) return err('BAD_REQUEST', `--${name} given twice`);
    values.set(name, value);
  }

  const portText = values.get('port') ?? String(DEFAULT_PORT);
  const port = Number(portText);
  if (!/^\d+$/.test(portText) || port > 65535)
    return err('BAD_REQUEST', `--port must be 0..65535, got '${portText}'`);
  const host = values.get('host') ?? '127.0.0.1';
  const allowRemote = flags.has('allow-remote');
  if (!isLoopback(host) && !allowRemote) {
    return err('BAD_REQUEST', `--host ${host} is not a loopback address: add --allow-remote to bind it`);
  }
  let speed: number | undefined;
  const speedText = values.get('speed');
  if (speedText !== undefined) {
    if (!values.has('replay')) return err('BAD_REQUEST', '--speed only applies with --replay');
    speed = speedText === 'max' ? Infinity : Number(speedText);
    if (Number.isNaN(speed) || speed <= 0 || (speed === Infinity && speedText !== 'max'))
      return err('BAD_REQUEST', `--speed must be a positive number or 'max', got '${speedText}'`);
  }
  const sources = [values.has('open'), values.has('replay'), flags.has('demo')].filter(Boolean).length;
  if (sources > 1) return err('BAD_REQUEST', 'choose one of --open, --replay and --demo');

  return ok({
    port,
    host,
    allowRemote,
    allowSessionControl: flags.has('allow-session-control'),
    open: values.get('open'),
    replay: values.get('replay'),
    speed,
    demo: flags.has('demo'),
    manifests: repeated.get('manifests') ?? [],
    rules: values.get('rules'),
    staticDir: values.get('static'),
    help: flags.has('help'),
  });
}
