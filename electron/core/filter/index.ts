// The filter language: one grammar for the CLI (--filter), the main-process pipeline and the UI
// filter bar. compileFilter turns text into predicates (header-only and full); completions feeds
// the filter bar's autocomplete. The language is described in docs/filter-language.md.
export { compileFilter, type CompiledFilter } from './compile';
export { completions, type Completion, type CompletionCatalog, type CompletionResult } from './completions';
export type { FilterError, FilterResult } from './errors';
export { filterFields, type FieldInfo, type FieldSource, type FieldType } from './fields';
export { parseFilter } from './parser';
export {
  propAt,
  type FilterEnv,
  type FilterSubject,
  type FullPredicate,
  type HeaderPredicate,
  type HeaderSubject,
  type ProcessInfo,
} from './subject';
