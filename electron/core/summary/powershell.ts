// PowerShell activity per process, from Microsoft-Windows-PowerShell and from command lines:
// - 4104 script blocks arrive in parts (MessageNumber of MessageTotal, same ScriptBlockId); parts are
//   gathered per block and the block is complete when every part is in. Blocks still incomplete at
//   the end are reported as partial (finish()).
// - 4103 command invocations (module logging): ContextInfo holds "Command Name = X" lines, Payload the
//   parameter bindings.
// - 4100 errors are counted.
// - `powershell -enc <base64>` command lines: the argument is UTF-16LE text in Base64; it is decoded so
//   that the suspicious-pattern rules see the script, not the Base64.
// Memory is bounded: at most MAX_BLOCKS blocks and MAX_TEXT_CHARS of text per process, each block at
// most MAX_BLOCK_CHARS (longer text is cut and marked truncated).

import { propInt, propStr, type Props } from './props';

const MAX_BLOCKS = 512;
const MAX_PENDING = 64;
const MAX_PARTS = 10_000;
const MAX_BLOCK_CHARS = 1_000_000;
const MAX_TEXT_CHARS = 8_000_000;
const MAX_COMMANDS = 1024;
const MAX_SAMPLE_CHARS = 2048;
const MAX_ENCODED = 64;
const MAX_EVIDENCE = 64;

export interface ScriptBlock {
  id: string;
  path: string;
  text: string;
  parts: number;
  total: number;
  complete: boolean;
  truncated: boolean;
  firstTicks: number;
  /** Sequence numbers of the parts' events (the first MAX_EVIDENCE). */
  seqs: number[];
}

export interface PowerShellCommand {
  name: string;
  count: number;
  firstTicks: number;
  lastTicks: number;
  firstSeq: number;
  /** The first invocation's payload (parameter bindings), cut to 2,048 characters. */
  sample: string;
}

export interface EncodedCommand {
  commandLine: string;
  decoded: string;
  ticks: number;
  seq: number;
}

class PendingBlock {
  readonly parts: Array<string | undefined>;
  received = 0;
  readonly seqs: number[] = [];
  constructor(
    readonly id: string,
    readonly path: string,
    readonly total: number,
    readonly firstTicks: number,
  ) {
    this.parts = new Array<string | undefined>(total);
  }
}

const ENCODED_ARGUMENT = /(?:^|\s)[-/]([a-z]+)\s+["']?([A-Za-z0-9+/]{8,}={0,2})/gi;
const utf16 = new TextDecoder('utf-16le');

/**
 * The script of a `powershell -EncodedCommand <base64>` command line (any unambiguous prefix: -e, -ec,
 * -enc, -encodedc...), or null when the line has none or the argument does not decode to text.
 */
export function decodeEncodedCommand(commandLine: string): string | null {
  if (!/powershell|pwsh/i.test(commandLine)) return null;
  for (const m of commandLine.matchAll(ENCODED_ARGUMENT)) {
    const option = (m[1] as string).toLowerCase();
    if (option !== 'ec' && !'encodedcommand'.startsWith(option)) continue;
    const decoded = decodeBase64Utf16(m[2] as string);
    if (decoded !== null) return decoded;
  }
  return null;
}

function decodeBase64Utf16(b64: string): string | null {
  let binary: string;
  try {
    binary = atob(b64);
  } catch {
    return null;
  }
  const bytes = new Uint8Array(binary.length & ~1);
  for (let i = 0; i < bytes.length; i++) bytes[i] = binary.charCodeAt(i);
  const text = utf16.decode(bytes);
  let printable = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if ((c >= 0x20 && c < 0xfffd) || c === 9 || c === 10 || c === 13) printable++;
  }
  return text.length > 0 && printable / text.length >= 0.9 ? text : null;
}

/** "Command Name = Invoke-WebRequest" from a 4103 ContextInfo. */
export function commandNameOf(contextInfo: string): string {
  return /Command Name\s*=\s*([^\r\n]*)/.exec(contextInfo)?.[1]?.trim() ?? '';
}

export class PowerShellActivity {
  readonly blocks: ScriptBlock[] = [];
  private readonly pending = new Map<string, PendingBlock>();
  private readonly commands = new Map<string, PowerShellCommand>();
  readonly encoded: EncodedCommand[] = [];
  errors = 0;
  dropped = 0;
  private storedChars = 0;

  /** A 4104 event; returns the block when this part completes it. */
  observeScriptBlock(props: Props, ticks: number, seq: number): ScriptBlock | null {
    const total = Math.min(Math.max(1, propInt(props, 'MessageTotal', 1)), MAX_PARTS);
    const number = propInt(props, 'MessageNumber', 1);
    const text = propStr(props, 'ScriptBlockText');
    const id = propStr(props, 'ScriptBlockId') || `seq${seq}`;
    let block = this.pending.get(id);
    if (block === undefined) {
      if (this.pending.size >= MAX_PENDING) {
        const oldest = this.pending.values().next().value;
        if (oldest !== undefined) this.complete(oldest);
      }
      block = new PendingBlock(id, propStr(props, 'Path'), total, ticks);
      this.pending.set(id, block);
    }
    if (number >= 1 && number <= block.total && block.parts[number - 1] === undefined) {
      block.parts[number - 1] = text;
      block.received++;
    }
    if (block.seqs.length < MAX_EVIDENCE) block.seqs.push(seq);
    return block.received >= block.total ? this.complete(block) : null;
  }

  private complete(block: PendingBlock): ScriptBlock | null {
    this.pending.delete(block.id);
    let text = '';
    for (const part of block.parts) if (part !== undefined) text += part;
    const truncated = text.length > MAX_BLOCK_CHARS;
    if (truncated) text = text.slice(0, MAX_BLOCK_CHARS);
    const result: ScriptBlock = {
      id: block.id,
      path: block.path,
      text,
      parts: block.received,
      total: block.total,
      complete: block.received >= block.total,
      truncated,
      firstTicks: block.firstTicks,
      seqs: block.seqs,
    };
    if (this.blocks.length >= MAX_BLOCKS) this.dropped++;
    else {
      const kept =
        this.storedChars + text.length > MAX_TEXT_CHARS
          ? { ...result, text: text.slice(0, MAX_SAMPLE_CHARS), truncated: true }
          : result;
      this.storedChars += kept.text.length;
      this.blocks.push(kept);
    }
    return result;
  }

  /** Blocks still missing parts, completed as partial (end of a file). */
  finish(): ScriptBlock[] {
    const out: ScriptBlock[] = [];
    for (const block of [...this.pending.values()]) {
      const done = this.complete(block);
      if (done) out.push(done);
    }
    return out;
  }

  /** A 4103 event; returns the command name and the text to match patterns against. */
  observeCommand(props: Props, ticks: number, seq: number): { name: string; text: string } {
    const context = propStr(props, 'ContextInfo');
    const payload = propStr(props, 'Payload');
    const name = commandNameOf(context) || '(unknown)';
    let entry = this.commands.get(name);
    if (entry === undefined && this.commands.size < MAX_COMMANDS) {
      entry = {
        name,
        count: 0,
        firstTicks: ticks,
        lastTicks: ticks,
        firstSeq: seq,
        sample: payload.slice(0, MAX_SAMPLE_CHARS),
      };
      this.commands.set(name, entry);
    }
    if (entry) {
      entry.count++;
      entry.lastTicks = ticks;
    } else this.dropped++;
    return { name, text: `${name}\n${payload}` };
  }

  /** Records a decoded -EncodedCommand (returns false when the per-process list is full). */
  addEncoded(commandLine: string, decoded: string, ticks: number, seq: number): boolean {
    if (this.encoded.length >= MAX_ENCODED) return false;
    this.encoded.push({ commandLine, decoded, ticks, seq });
    return true;
  }

  commandList(): PowerShellCommand[] {
    return [...this.commands.values()].map((c) => ({ ...c }));
  }

  get isEmpty(): boolean {
    return (
      this.blocks.length === 0 &&
      this.pending.size === 0 &&
      this.commands.size === 0 &&
      this.encoded.length === 0 &&
      this.errors === 0
    );
  }
}
