// Per-process enrichment, summaries, netflow aggregation and alerts: the public face of
// electron/core/summary. `new Analyzer(options)`, then `observe(raw, decoded, seq)` for every event;
// rule files are parsed and validated with parseRuleFile (docs/alert-rules.md).
export { Analyzer, type AnalyzerOptions } from './analyzer';
export type { ProcessRecord } from './process-table';
export { parseAddress, type ModuleRange } from './module-map';
export type {
  ProcessSummary,
  ProcessTreeNode,
  ProcessView,
  EndpointSummary,
  ImageSummary,
  ThreadSummary,
} from './summary';
export type { DnsLookup } from './dns';
export type { WmiOperation } from './wmi';
export type { ScriptBlock, PowerShellCommand, EncodedCommand } from './powershell';
export type { BeaconStats } from './beacon';
export { beaconScore } from './beacon';
export { derivedEventJson, derivedFilterSubject, type DerivedEvent } from './netflow';
export { NETFLOW_PROVIDER_ID, NETFLOW_PROVIDER_NAME, NETFLOW_EVENT_NAME } from './known';
export type { Alert } from './rules/engine';
export { resolveRules } from './rules/engine';
export { BUILTIN_RULES } from './rules/default-rules';
export {
  parseRuleFile,
  validateRuleFile,
  formatRuleFileErrors,
  type RuleFile,
  type Rule,
  type RuleFileError,
  type RuleFileResult,
  type Severity,
} from './rules/schema';
