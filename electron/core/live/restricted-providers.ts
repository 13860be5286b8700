// Providers an ordinary (even elevated) process cannot consume, and why (native-etw-notes §0.7). The
// session manager refuses them for live sessions with this reason instead of letting EnableTraceEx2
// fail or, worse, succeed and deliver nothing; the Sessions view marks them in its provider picker.

export interface RestrictedProvider {
  guid: string;
  name: string;
  reason: string;
}

export const RESTRICTED_PROVIDERS: readonly RestrictedProvider[] = [
  {
    guid: 'f4e1897c-bb5d-5668-f1d8-040f4d8dd344',
    name: 'Microsoft-Windows-Threat-Intelligence',
    reason:
      'only a Protected Process Light (PPL) anti-malware consumer may enable it; ETW Explorer is not one, so Windows refuses or delivers nothing',
  },
  {
    guid: '54849625-5478-4994-a5ba-3e3b0328c30d',
    name: 'Microsoft-Windows-Security-Auditing',
    reason:
      'Windows writes it only to its own EventLog-Security session; it can be read by attaching to that session as SYSTEM (an Administrator is not enough), or from the Security event log',
  },
];

const byGuid = new Map(RESTRICTED_PROVIDERS.map((p) => [p.guid, p] as const));

/** Why a provider cannot be used in a live session of ours, or undefined when it can. */
export function restrictedProvider(guid: string): RestrictedProvider | undefined {
  return byGuid.get(guid.replace(/[{}]/g, '').toLowerCase());
}
