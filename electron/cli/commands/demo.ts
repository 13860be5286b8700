// `etwx demo -o FILE [--seed N]`: writes the demo capture, a deterministic .etl of a workstation
// incident (normal activity plus an implant that beacons, injects a thread, runs encoded PowerShell,
// queries WMI and sends 120 MB out). It decodes without any manifest. Prints what it holds.
import { writeDemoFile } from '../../core/demo/demo-capture.node.js';
import { DEFAULT_DEMO_SEED } from '../../core/demo/index';
import { parseFlags, UsageError, type CliIo, type Command } from '../io';

const usage = `usage: etwx demo -o FILE [--seed N]

Writes the demo capture: 30 minutes of a Windows 10 workstation (process, image, network, DNS,
PowerShell and WMI events of the real providers) with an intrusion in it. The same seed always
gives the same file. The schemas travel inside the file: no manifests are needed to decode it.

options:
  -o, --out FILE   where to write it (written to FILE.partial, then renamed)
  --seed N         generator seed (default ${DEFAULT_DEMO_SEED})`;

export const demoCommand: Command = {
  summary: 'write the demo capture (a workstation incident) to an .etl file',
  usage,
  async run(args: string[], io: CliIo): Promise<number> {
    const { flags, positionals } = parseFlags(
      args.map((a) => (a === '-o' ? '--out' : a)),
      { strings: ['out', 'seed'] },
    );
    if (positionals.length > 0) throw new UsageError(`unexpected argument '${positionals[0]}'`);
    const out = flags.get('out')?.[0];
    if (out === undefined) throw new UsageError('needs -o FILE');
    const seedText = flags.get('seed')?.[0];
    if (seedText !== undefined && !/^\d+$/.test(seedText))
      throw new UsageError(`--seed needs a whole number, got '${seedText}'`);
    const seed = seedText !== undefined ? Number(seedText) >>> 0 : DEFAULT_DEMO_SEED;
    const r = writeDemoFile(out, { seed });
    const f = r.facts;
    io.out(
      [
        `wrote ${out}: ${r.events.toLocaleString('en-US')} events (+${r.metadataRecords} schema records), seed ${seed}`,
        `  host ${f.host}, user ${f.user}, ${f.durationSeconds / 60} minutes`,
        `  implant: ${f.implant.dosPath} (pid ${f.implant.pid}), started by powershell.exe pid ${f.implant.parentPid} from WINWORD.EXE pid ${f.phishing.wordPid}`,
        `  beacons: ${f.c2.beaconSeconds.length} to ${f.c2.domain} ${f.c2.ip}:${f.c2.port}, every ${f.c2.intervalSeconds} s ± ${f.c2.jitter * 100}%`,
        `  injection: thread ${f.injection.threadId} started in ${f.injection.targetName} (pid ${f.injection.targetPid}) by pid ${f.injection.sourcePid}`,
        `  encoded PowerShell: pid ${f.encodedPowerShell.pid} (Invoke-Mimikatz script block ${f.encodedPowerShell.scriptBlockId})`,
        `  WMI: ${f.wmi.queries.length} queries from pid ${f.wmi.clientPid}`,
        `  exfiltration: ${f.exfil.bytes.toLocaleString('en-US')} bytes in ${f.exfil.sends} sends to ${f.exfil.domain} ${f.exfil.ip}:${f.exfil.port}`,
      ].join('\n'),
    );
    return 0;
  },
};
