// The `etwx` command table. Each command lives in its own module; add it here.
import type { Command } from '../io';
import { alertsCommand } from './alerts';
import { demoCommand } from './demo';
import { dumpCommand } from './dump';
import { exportCommand } from './export';
import { infoCommand } from './info';
import { manifestCommand } from './manifest';
import { providersCommand } from './providers';
import { summaryCommand } from './summary';

export const commands: Record<string, Command> = {
  alerts: alertsCommand,
  demo: demoCommand,
  dump: dumpCommand,
  export: exportCommand,
  info: infoCommand,
  manifest: manifestCommand,
  providers: providersCommand,
  summary: summaryCommand,
};
