// The built-in alert rules, in the rule file format (docs/alert-rules.md lists them with the reasons
// for their thresholds). A user rule file starts from these unless it says "builtins": false; a rule
// with the same id replaces the built-in one, "disable": [...] switches rules off.

import type { RuleFile } from './schema';

export const BUILTIN_RULES: RuleFile = {
  version: 1,
  rules: [
    {
      id: 'exfiltration',
      type: 'exfiltration',
      title: 'Large upload to one endpoint',
      severity: 'high',
      bytes: 100 * 1024 * 1024,
      windowSeconds: 24 * 3600,
    },
    {
      id: 'beaconing',
      type: 'beaconing',
      title: 'Regular connections to one endpoint (beaconing)',
      severity: 'medium',
      minScore: 0.7,
      minContacts: 16,
      minIntervalSeconds: 2,
      maxIntervalSeconds: 86400,
    },
    {
      id: 'cross-process-thread',
      type: 'cross-process-thread',
      title: 'Thread created in another process',
      severity: 'high',
      // csrss starts console control handler threads in console processes; kernel-mode components start
      // System threads from other processes' context; System itself starts threads in processes it tears down.
      ignoreCreators: ['csrss.exe', 'System'],
      ignoreTargets: ['System'],
    },
    {
      id: 'powershell-suspicious',
      type: 'powershell',
      title: 'Suspicious PowerShell',
      severity: 'high',
      patterns: [
        { name: 'Invoke-Mimikatz', regex: 'invoke-mimikatz', flags: 'i' },
        { name: 'EncodedCommand', regex: '(^|\\s)[-/](e|ec|en[a-z]*)\\s+[A-Za-z0-9+/=]{16,}', flags: 'i' },
        { name: 'FromBase64String', regex: 'frombase64string', flags: 'i' },
        { name: 'Download cradle', regex: '\\.download(string|file|data)(async)?\\s*\\(', flags: 'i' },
        { name: 'Invoke-Expression', regex: '(^|[^\\w-])(iex|invoke-expression)(\\s|\\(|$)', flags: 'i' },
        { name: 'Net.WebClient', regex: 'net\\.webclient', flags: 'i' },
        { name: 'Hidden window', regex: '(^|\\s)[-/]w(in(dow(style)?)?)?\\s+h(idden)?(\\s|$)', flags: 'i' },
        { name: 'AMSI bypass', regex: 'amsiutils|amsiinitfailed|amsiscanbuffer', flags: 'i' },
        {
          name: 'Defender tampering',
          regex: '(set|add)-mppreference[\\s\\S]{0,2000}?(-|name=")(disable|exclusion)',
          flags: 'i',
        },
        { name: 'Reflective assembly load', regex: 'reflection\\.assembly\\]\\s*::\\s*load', flags: 'i' },
        {
          name: 'Injection API',
          regex: 'virtualalloc(ex)?|createremotethread|writeprocessmemory',
          flags: 'i',
        },
        {
          name: 'PowerSploit',
          regex: 'invoke-(shellcode|reflectivepeinjection|tokenmanipulation|dllinjection)',
          flags: 'i',
        },
        { name: 'Execution policy bypass', regex: '(^|\\s)-(ep|exec|executionpolicy)\\s+bypass', flags: 'i' },
      ],
    },
    {
      id: 'etw-tampering',
      type: 'etw-tampering',
      title: 'ETW session stopped or provider disabled',
      severity: 'medium',
      events: ['session-stop', 'provider-disable'],
    },
  ],
};
