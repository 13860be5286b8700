// sessions.parseProfile: a .wprp read into start requests, names resolved through the catalog the
// service is given (provider names → GUIDs, keyword names → masks), an unresolved name kept out with a
// warning, and malformed XML refused with its position — through the app's dispatcher too.
import { describe, expect, it } from 'vitest';
import type { Capability } from '../../electron/common/ipc/contract-kit';
import { createAppDispatcher } from '../../electron/services/app-services';
import { browserDialogService } from '../../electron/services/dialog-service';
import { createSessionService } from '../../electron/services/session-service';

const KERNEL_PROCESS = '22fb2cd6-0e7b-422b-a0c7-2fad1fd0e716';
const WPRP = `<?xml version="1.0"?>
<WindowsPerformanceRecorder Version="1.0">
  <Profiles>
    <EventCollector Id="EC" Name="EC"><BufferSize Value="64"/><Buffers Value="32"/></EventCollector>
    <Profile Id="Proc.Light.Memory" Name="Proc" Description="process starts" DetailLevel="Light" LoggingMode="Memory">
      <Collectors>
        <EventCollectorId Value="EC">
          <EventProviders>
            <EventProvider Id="KP" Name="Microsoft-Windows-Kernel-Process" Level="4">
              <Keywords><Keyword Value="WINEVENT_KEYWORD_PROCESS"/><Keyword Value="0x100"/></Keywords>
              <EventFilters FilterIn="true"><EventId Value="1"/></EventFilters>
            </EventProvider>
            <EventProvider Id="X" Name="Contoso-Missing"/>
          </EventProviders>
        </EventCollectorId>
      </Collectors>
    </Profile>
  </Profiles>
</WindowsPerformanceRecorder>`;

function service() {
  return createSessionService({
    liveEtw: { available: false, reason: 'live ETW needs Windows' },
    emit: () => {},
    openLive: () => ({ ok: false, error: { code: 'UNSUPPORTED_PLATFORM', message: 'no' } }),
    providerNames: async () => new Map([[KERNEL_PROCESS, 'Microsoft-Windows-Kernel-Process']]),
    providerSchema: async (guid) =>
      guid === KERNEL_PROCESS
        ? ({ keywords: [{ name: 'WINEVENT_KEYWORD_PROCESS', mask: '0x10' }] } as never)
        : undefined,
  });
}

describe('sessions.parseProfile', () => {
  it('resolves provider and keyword names through the catalog', async () => {
    const r = await service().parseProfile({ text: WPRP, fileName: 'proc.wprp' });
    if (!r.ok) throw new Error(r.error.message);
    const [profile] = r.value.profiles;
    expect(profile).toMatchObject({ id: 'Proc.Light.Memory', name: 'Proc', description: 'process starts' });
    expect(profile?.request).toEqual({
      label: 'Proc',
      providers: [
        {
          guid: KERNEL_PROCESS,
          name: 'Microsoft-Windows-Kernel-Process',
          level: 4,
          anyKeyword: '0x110',
          allKeyword: '0x0',
          filters: { eventIds: [1] },
        },
      ],
    });
    expect(profile?.warnings).toEqual([
      expect.stringMatching(/EventProvider\[X\]: provider 'Contoso-Missing' is not in the catalog/),
      expect.stringMatching(/buffers \(64 KB × 32\) are not applied/),
    ]);
  });

  it('refuses malformed XML with the file name, line and column', async () => {
    const r = await service().parseProfile({ text: WPRP.replace('</Collectors>', ''), fileName: 'bad.wprp' });
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.error.code).toBe('BAD_REQUEST');
    expect(r.error.message).toMatch(/^bad\.wprp: .* at line \d+, column \d+$/);
  });

  it('is bound in the app dispatcher (no capability needed: it starts nothing)', async () => {
    const { dispatcher } = createAppDispatcher({
      identity: {
        name: 'ETW Explorer',
        version: '9.9.9',
        mode: 'web',
        platform: 'linux',
        arch: 'x64',
        liveEtw: { available: false, code: 'UNSUPPORTED_PLATFORM', reason: 'live ETW needs Windows' },
      },
      dialog: browserDialogService,
      engineWorker: null,
    });
    const r = (await dispatcher.invoke('sessions.parseProfile', { text: WPRP }, new Set<Capability>())) as {
      ok: boolean;
      value?: { profiles: { id: string; warnings: string[] }[] };
    };
    expect(r.ok).toBe(true);
    expect(r.value?.profiles.map((p) => p.id)).toEqual(['Proc.Light.Memory']);
  });
});
