// WPR profiles (.wprp) read as live-session settings: profiles by Id with their collectors' buffers,
// SystemProvider keyword names mapped to kernel flags, event providers by GUID and by name (resolved
// through a lookup standing in for the catalog) with numeric and named keywords, level, stack and
// event-ID filters, Base= inheritance, and warnings (with element paths) for what cannot be mapped;
// malformed XML is an error with its position.
import { describe, expect, it } from 'vitest';
import { eventSourceGuid } from '../../../electron/core/live/event-source-guid.node';
import {
  parseWprp,
  profileRequest,
  type WprpLookup,
  type WprpProfile,
} from '../../../electron/core/live/wprp';

const KERNEL_PROCESS = '22fb2cd6-0e7b-422b-a0c7-2fad1fd0e716';
const CUSTOM = '3ba7e0c1-3fb0-4a6f-9b4c-6f0a4d1e2b7a';

const WPRP = `<?xml version="1.0" encoding="utf-8"?>
<WindowsPerformanceRecorder Version="1.0" Author="analyst" Comments="process and custom">
  <Profiles>
    <SystemCollector Id="SystemCollector" Name="NT Kernel Logger">
      <BufferSize Value="1024"/>
      <Buffers Value="100"/>
    </SystemCollector>
    <EventCollector Id="EventCollector_Custom" Name="Custom Event Collector">
      <BufferSize Value="256"/>
      <Buffers Value="64"/>
    </EventCollector>
    <SystemProvider Id="SystemProvider_Base">
      <Keywords>
        <Keyword Value="ProcessThread"/>
        <Keyword Value="Loader"/>
        <Keyword Value="NetworkTrace"/>
        <Keyword Value="ReadyThread"/>
      </Keywords>
      <Stacks>
        <Stack Value="ProcessCreate"/>
        <Stack Value="ImageLoad"/>
      </Stacks>
    </SystemProvider>
    <EventProvider Id="EP_Custom" Name="{3BA7E0C1-3FB0-4A6F-9B4C-6F0A4D1E2B7A}" Level="4" Stack="true">
      <Keywords>
        <Keyword Value="0x10"/>
        <Keyword Value="0x4"/>
      </Keywords>
    </EventProvider>
    <EventProvider Id="EP_KernelProcess" Name="Microsoft-Windows-Kernel-Process" Level="5" NonPagedMemory="true">
      <Keywords>
        <Keyword Value="WINEVENT_KEYWORD_PROCESS"/>
        <Keyword Value="WINEVENT_KEYWORD_IMAGE"/>
      </Keywords>
      <EventFilters FilterIn="true">
        <EventId Value="1"/>
        <EventId Value="2"/>
        <EventId Value="5"/>
      </EventFilters>
    </EventProvider>
    <Profile Id="Base.Verbose.Memory" Name="Base" Description="Processes and images" DetailLevel="Verbose" LoggingMode="Memory">
      <Collectors>
        <SystemCollectorId Value="SystemCollector">
          <SystemProviderId Value="SystemProvider_Base"/>
        </SystemCollectorId>
      </Collectors>
    </Profile>
    <Profile Id="Custom.Verbose.Memory" Name="Custom" Base="Base.Verbose.Memory" DetailLevel="Verbose" LoggingMode="Memory">
      <Collectors>
        <EventCollectorId Value="EventCollector_Custom">
          <EventProviders>
            <EventProviderId Value="EP_Custom"/>
            <EventProviderId Value="EP_KernelProcess"/>
            <EventProvider Id="EP_Unknown" Name="Contoso-Unregistered-Provider" Level="4"/>
          </EventProviders>
        </EventCollectorId>
      </Collectors>
    </Profile>
  </Profiles>
</WindowsPerformanceRecorder>`;

const lookup: WprpLookup = {
  guidOf: (name) => (name.toLowerCase() === 'microsoft-windows-kernel-process' ? KERNEL_PROCESS : undefined),
  keywordMask: (guid, keyword) =>
    guid !== KERNEL_PROCESS
      ? undefined
      : ({ WINEVENT_KEYWORD_PROCESS: 0x10n, WINEVENT_KEYWORD_IMAGE: 0x40n } as Record<string, bigint>)[
          keyword
        ],
};

function profiles(text: string): WprpProfile[] {
  const parsed = parseWprp(text);
  if (!parsed.ok) throw new Error(`expected a parse: ${parsed.message}`);
  return parsed.profiles;
}

describe('parseWprp', () => {
  it('reads one configuration per <Profile>, with kernel flags, stacks and buffers', () => {
    const [base, custom] = profiles(WPRP);
    expect(base?.id).toBe('Base.Verbose.Memory');
    expect(base?.name).toBe('Base');
    expect(base?.description).toBe('Processes and images');
    expect(base?.loggingMode).toBe('Memory');
    // ProcessThread → process|thread, Loader → image load, NetworkTrace → TCP/IP.
    expect(base?.kernelFlags).toBe(0x1 | 0x2 | 0x4 | 0x10000);
    expect(base?.kernelStacks).toEqual(['ProcessCreate', 'ImageLoad']);
    expect(base?.buffers).toEqual({ sizeKB: 1024, count: 100 });
    expect(base?.providers).toEqual([]);
    expect(custom?.id).toBe('Custom.Verbose.Memory');
  });

  it('warns about a kernel keyword it cannot map, naming the element', () => {
    const [base] = profiles(WPRP);
    expect(base?.warnings).toEqual([
      "WindowsPerformanceRecorder/Profiles/SystemProvider[SystemProvider_Base]/Keywords/Keyword[ReadyThread]: kernel keyword 'ReadyThread' has no matching kernel flag here; not enabled",
    ]);
  });

  it('inherits the Base= profile and adds its own event providers', () => {
    const custom = profiles(WPRP)[1] as WprpProfile;
    expect(custom.kernelFlags).toBe(0x1 | 0x2 | 0x4 | 0x10000);
    expect(custom.buffers).toEqual({ sizeKB: 256, count: 64 });
    expect(custom.description).toBeUndefined();
    expect(custom.providers.map((p) => p.guid ?? p.name)).toEqual([
      CUSTOM,
      'Microsoft-Windows-Kernel-Process',
      'Contoso-Unregistered-Provider',
    ]);
    const [byGuid, byName] = custom.providers;
    expect(byGuid).toMatchObject({ guid: CUSTOM, level: 4, keywords: 0x14n, stack: true });
    expect(byName).toMatchObject({
      name: 'Microsoft-Windows-Kernel-Process',
      level: 5,
      keywords: 0n,
      keywordNames: ['WINEVENT_KEYWORD_PROCESS', 'WINEVENT_KEYWORD_IMAGE'],
      eventIds: [1, 2, 5],
    });
    expect(byName?.excludeEventIds).toBeUndefined();
  });

  it('gives malformed XML as an error with line and column', () => {
    const broken = WPRP.replace('<Buffers Value="64"/>', '<Buffers Value="64">');
    const parsed = parseWprp(broken);
    expect(parsed.ok).toBe(false);
    if (parsed.ok) return;
    expect(parsed.line).toBeGreaterThan(1);
    expect(parsed.column).toBeGreaterThan(0);
    expect(parsed.message).toMatch(/Buffers|EventCollector/);
  });

  it('refuses XML that is not a WPR profile', () => {
    const parsed = parseWprp('<instrumentationManifest/>');
    expect(parsed).toMatchObject({
      ok: false,
      message: expect.stringContaining('<instrumentationManifest>'),
    });
  });

  it('warns about Operation= edits, CustomProviders and unknown elements instead of dropping them', () => {
    const text = `<WindowsPerformanceRecorder><Profiles>
      <CustomProviders><CustomEventProvider Id="c" Name="x"/></CustomProviders>
      <SystemProvider Id="S"><Keywords Operation="Remove"><Keyword Value="Loader"/></Keywords></SystemProvider>
      <Profile Id="P" Name="P"><Collectors><SystemCollectorId Value="missing"><SystemProviderId Value="S"/></SystemCollectorId></Collectors></Profile>
    </Profiles></WindowsPerformanceRecorder>`;
    const [p] = profiles(text);
    expect(p?.kernelFlags).toBe(0);
    expect(p?.warnings).toEqual([
      'WindowsPerformanceRecorder/Profiles/CustomProviders: <CustomProviders> is not imported',
      'WindowsPerformanceRecorder/Profiles/Profile[P]/Collectors/SystemCollectorId[missing]: names no collector of this file',
      'WindowsPerformanceRecorder/Profiles/SystemProvider[S]/Keywords: Operation="Remove" is not supported; the element is ignored',
    ]);
  });
});

describe('profileRequest', () => {
  it('builds the session start request, resolving names through the lookup', () => {
    const custom = profiles(WPRP)[1] as WprpProfile;
    const { request, warnings } = profileRequest(custom, lookup);
    expect(request).toEqual({
      label: 'Custom',
      providers: [
        {
          guid: CUSTOM,
          anyKeyword: '0x14',
          allKeyword: '0x0',
          level: 4,
          properties: { stackTrace: true },
        },
        {
          guid: KERNEL_PROCESS,
          name: 'Microsoft-Windows-Kernel-Process',
          anyKeyword: '0x50',
          allKeyword: '0x0',
          level: 5,
          filters: { eventIds: [1, 2, 5] },
        },
      ],
      kernel: { flags: 0x10007 },
    });
    expect(warnings).toContainEqual(
      expect.stringMatching(
        /EventProvider\[EP_Unknown\]: provider 'Contoso-Unregistered-Provider' is not in the catalog/,
      ),
    );
    expect(warnings).toContainEqual(
      expect.stringMatching(/kernel stacks \(ProcessCreate, ImageLoad\) are not collected/),
    );
    expect(warnings).toContainEqual(expect.stringMatching(/buffers \(256 KB × 64\) are not applied/));
  });

  it('keeps unresolved names out of the request with a warning when there is no catalog', () => {
    const custom = profiles(WPRP)[1] as WprpProfile;
    const { request, warnings } = profileRequest(custom);
    expect(request.providers?.map((p) => p.guid)).toEqual([CUSTOM]);
    expect(warnings.filter((w) => w.includes('is not in the catalog'))).toHaveLength(2);
  });

  it('warns about a keyword name the provider does not define', () => {
    const text = WPRP.replace('WINEVENT_KEYWORD_IMAGE', 'NO_SUCH_KEYWORD');
    const custom = profiles(text)[1] as WprpProfile;
    const { request, warnings } = profileRequest(custom, lookup);
    expect(request.providers?.[1]?.anyKeyword).toBe('0x10');
    expect(warnings).toContainEqual(
      expect.stringMatching(
        /Keyword\[NO_SUCH_KEYWORD\]: keyword 'NO_SUCH_KEYWORD' is unknown for this provider/,
      ),
    );
  });

  it('excludes event IDs when FilterIn is false', () => {
    const text = WPRP.replace('FilterIn="true"', 'FilterIn="false"');
    const { request } = profileRequest(profiles(text)[1] as WprpProfile, lookup);
    expect(request.providers?.[1]?.filters).toEqual({ eventIds: [1, 2, 5], excludeEventIds: true });
  });

  it('names an EventSource by "*Name" with the GUID .NET derives from it', () => {
    const text = WPRP.replace(
      'Name="Microsoft-Windows-Kernel-Process"',
      'Name="*Microsoft-Diagnostics-DiagnosticSource"',
    );
    const withHash = { guidOf: () => undefined, eventSourceGuid };
    const { request, warnings } = profileRequest(profiles(text)[1] as WprpProfile, withHash);
    expect(request.providers?.map((p) => p.guid)).toContain('adb401e1-5296-51f8-c125-5fda75826144');
    expect(warnings.join('\n')).not.toContain('DiagnosticSource');
  });
});

describe('eventSourceGuid', () => {
  it('gives the GUIDs EventSources without a declared one have', () => {
    // Microsoft.Extensions/System.Diagnostics DiagnosticSource's EventSource, as registered on Windows.
    expect(eventSourceGuid('Microsoft-Diagnostics-DiagnosticSource')).toBe(
      'adb401e1-5296-51f8-c125-5fda75826144',
    );
    // The name is compared upper-cased.
    expect(eventSourceGuid('microsoft-diagnostics-diagnosticsource')).toBe(
      'adb401e1-5296-51f8-c125-5fda75826144',
    );
  });
});
