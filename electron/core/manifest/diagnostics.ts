// Diagnostic codes of the manifest readers and which of them are only warnings. A warning means the
// source is incomplete but what was read is right (e.g. a reconstructed manifest that names a task it
// never defines: the event keeps task 0). Errors mean something was dropped or could not be read.
import type { SchemaDiagnostic } from '../../common/model/schema';

/** Codes that do not lose anything the source defines. */
export const WARNING_CODES: ReadonlySet<string> = new Set([
  'UNRESOLVED_NAME', // event names a task/opcode/level the provider does not define (value 0 kept)
  'UNRESOLVED_STRING', // $(string.id) not in the string table
  'UNKNOWN_TYPE', // a type name outside the TDH tables; the name is kept as written
  'NO_MESSAGE_TABLE', // binary manifest read without its message table: messages absent
]);

export function isWarning(d: SchemaDiagnostic): boolean {
  return WARNING_CODES.has(d.code);
}

export function errorsOf(list: readonly SchemaDiagnostic[]): SchemaDiagnostic[] {
  return list.filter((d) => !isWarning(d));
}
