// The `etwx` command table. Each command lives in its own module; add it here.
import type { Command } from '../io';

export const commands: Record<string, Command> = {};
