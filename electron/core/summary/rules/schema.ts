// The alert rule file: its schema (zod), and parsing with errors that name the JSON path
// ("rules[2].patterns[0].regex: invalid regular expression: ...") or, for malformed JSON, the line
// and column (json-position.ts). The format is documented in docs/alert-rules.md; the built-in rules (default-rules.ts)
// are written in it too.

import { z } from 'zod';
import { compileFilter } from '../../filter/index';
import { jsonSyntaxError } from './json-position';

const severity = z.enum(['info', 'low', 'medium', 'high', 'critical']);
export type Severity = z.infer<typeof severity>;

const ruleId = z
  .string()
  .regex(
    /^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/,
    'an id is 1-64 letters, digits, ".", "_" or "-", starting with a letter or digit',
  );

const common = {
  id: ruleId,
  title: z.string().min(1).optional(),
  description: z.string().optional(),
  severity: severity.optional(),
  enabled: z.boolean().optional(),
};

function validRegex(value: { regex: string; flags?: string | undefined }, ctx: z.RefinementCtx): void {
  try {
    new RegExp(value.regex, value.flags ?? '');
  } catch (e) {
    ctx.addIssue({
      code: 'custom',
      path: ['regex'],
      message: `invalid regular expression: ${e instanceof Error ? e.message : String(e)}`,
    });
  }
}

const regexSpec = z
  .object({
    regex: z.string().min(1),
    flags: z
      .string()
      .regex(/^[imsuv]*$/, 'flags may be i, m, s, u, v')
      .optional(),
  })
  .strict()
  .superRefine(validRegex);

const pattern = z
  .object({
    name: z.string().min(1),
    regex: z.string().min(1),
    flags: z
      .string()
      .regex(/^[imsuv]*$/, 'flags may be i, m, s, u, v')
      .optional(),
  })
  .strict()
  .superRefine(validRegex);

const exfiltration = z
  .object({
    ...common,
    type: z.literal('exfiltration'),
    /** Bytes sent by one process to one remote endpoint within the window. */
    bytes: z.number().positive(),
    windowSeconds: z
      .number()
      .positive()
      .max(366 * 86400),
  })
  .strict();

const beaconing = z
  .object({
    ...common,
    type: z.literal('beaconing'),
    minScore: z.number().min(0).max(1),
    minContacts: z.number().int().min(4),
    minIntervalSeconds: z.number().min(0).optional(),
    maxIntervalSeconds: z.number().positive().optional(),
  })
  .strict();

const crossProcessThread = z
  .object({
    ...common,
    type: z.literal('cross-process-thread'),
    /** Image names (case-insensitive) whose threads in other processes are expected. */
    ignoreCreators: z.array(z.string()).optional(),
    /** Image names (case-insensitive) of targets to ignore. */
    ignoreTargets: z.array(z.string()).optional(),
  })
  .strict();

const powershellSource = z.enum(['scriptblock', 'command', 'cmdline', 'encoded']);
export type PowerShellSource = z.infer<typeof powershellSource>;

const powershell = z
  .object({
    ...common,
    type: z.literal('powershell'),
    patterns: z.array(pattern).min(1),
    sources: z.array(powershellSource).min(1).optional(),
  })
  .strict();

const tamperKind = z.enum(['session-stop', 'provider-disable']);
export type TamperKind = z.infer<typeof tamperKind>;

const etwTampering = z
  .object({
    ...common,
    type: z.literal('etw-tampering'),
    events: z.array(tamperKind).min(1).optional(),
    /** Only sessions whose name matches. */
    sessions: regexSpec.optional(),
  })
  .strict();

const filterRule = z
  .object({
    ...common,
    type: z.literal('filter'),
    filter: z.string().min(1),
    /** Alert text; {event}, {provider}, {process}, {pid} and {props.Name} are replaced. */
    summary: z.string().optional(),
    maxAlerts: z.number().int().positive().optional(),
  })
  .strict()
  .superRefine((value, ctx) => {
    const compiled = compileFilter(value.filter);
    if (!compiled.ok) {
      ctx.addIssue({
        code: 'custom',
        path: ['filter'],
        message: `${compiled.error.message} (column ${compiled.error.offset + 1})`,
      });
    }
  });

const rule = z.discriminatedUnion('type', [
  exfiltration,
  beaconing,
  crossProcessThread,
  powershell,
  etwTampering,
  filterRule,
]);

export const ruleFileSchema = z
  .object({
    version: z.literal(1),
    /** Start from the built-in rules (default true); a rule with the same id replaces the built-in one. */
    builtins: z.boolean().optional(),
    /** Ids of rules (built-in or not) to switch off. */
    disable: z.array(ruleId).optional(),
    rules: z.array(rule),
  })
  .strict()
  .superRefine((value, ctx) => {
    const seen = new Set<string>();
    value.rules.forEach((r, i) => {
      if (seen.has(r.id))
        ctx.addIssue({ code: 'custom', path: ['rules', i, 'id'], message: `duplicate rule id '${r.id}'` });
      seen.add(r.id);
    });
  });

export type RuleFile = z.infer<typeof ruleFileSchema>;
export type Rule = z.infer<typeof rule>;
export type RuleOf<T extends Rule['type']> = Extract<Rule, { type: T }>;

/** One problem in a rule file: where (JSON path, or line:column for JSON syntax) and what. */
export interface RuleFileError {
  path: string;
  message: string;
}

export type RuleFileResult = { ok: true; value: RuleFile } | { ok: false; errors: RuleFileError[] };

/** "rules[2].patterns[0].regex" from a zod path. */
export function jsonPath(path: ReadonlyArray<PropertyKey>): string {
  let out = '';
  for (const part of path) {
    if (typeof part === 'number') out += `[${part}]`;
    else out += (out === '' ? '' : '.') + String(part);
  }
  return out === '' ? '(top level)' : out;
}

/** Validates an already-parsed JSON value. */
export function validateRuleFile(value: unknown): RuleFileResult {
  const parsed = ruleFileSchema.safeParse(value);
  if (parsed.success) return { ok: true, value: parsed.data };
  return {
    ok: false,
    errors: parsed.error.issues.map((issue) => ({ path: jsonPath(issue.path), message: issue.message })),
  };
}

function lineColumn(text: string, position: number): string {
  const before = text.slice(0, position);
  const line = before.split('\n').length;
  const column = position - before.lastIndexOf('\n');
  return `line ${line}, column ${column}`;
}

/** Parses and validates rule file text. */
export function parseRuleFile(text: string): RuleFileResult {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (e) {
    const syntax = jsonSyntaxError(text);
    if (syntax !== null)
      return {
        ok: false,
        errors: [{ path: lineColumn(text, syntax.offset), message: `not valid JSON: ${syntax.message}` }],
      };
    return {
      ok: false,
      errors: [
        { path: '(top level)', message: `not valid JSON: ${e instanceof Error ? e.message : String(e)}` },
      ],
    };
  }
  return validateRuleFile(value);
}

/** The errors as lines "path: message". */
export function formatRuleFileErrors(errors: readonly RuleFileError[]): string {
  return errors.map((e) => `${e.path}: ${e.message}`).join('\n');
}
