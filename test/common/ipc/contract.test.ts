// The app's contract table: every channel's argument schema accepts a well-formed example and
// refuses junk and unexpected keys; every channel has a service handler bound.
import { describe, expect, it } from 'vitest';
import { contract } from '../../../electron/common/ipc/contract';
import { fileKindOf, fileNameOf } from '../../../electron/common/ipc/file-kinds';

const examples: Record<keyof typeof contract.channels, unknown> = {
  'app.info': undefined,
  'status.get': {},
  'capture.open': { path: '/traces/boot.etl' },
  'capture.close': { captureId: 'c1' },
  'capture.info': { captureId: 'c1' },
  'demo.open': undefined,
  'manifest.open': { path: 'C:\\Windows\\System32\\drivers\\tcpip.sys' },
  'catalog.list': { search: 'Kernel' },
  'catalog.provider': { guid: '{22FB2CD6-0E7B-422B-A0C7-2FAD1FD0E716}' },
  'catalog.search': { text: 'ProcessId', limit: 100 },
  'catalog.manifestXml': { guid: '22fb2cd6-0e7b-422b-a0c7-2fad1fd0e716' },
  'view.create': { captureId: 'c1', filter: 'pid == 4' },
  'view.close': { viewId: 'v1' },
  'events.rows': { viewId: 'v1', offset: 0, limit: 200 },
  'capture.cancel': { captureId: 'c1' },
  'replay.open': { path: '/traces/boot.etl', speed: 'max' },
  'view.update': { viewId: 'v1', filter: 'id == 1', sort: { column: 'pid', descending: true }, paused: true },
  'events.detail': { captureId: 'c1', seq: 42 },
  'view.histogram': { viewId: 'v1', buckets: 400, fromTicks: 0, toTicks: 1e9 },
  'view.groups': { viewId: 'v1', column: 'process', limit: 200 },
  'view.completions': { viewId: 'v1', text: 'props.', cursor: 6 },
  'view.find': { viewId: 'v1', text: 'cmd.exe', from: 0, backwards: false },
  'view.locate': { viewId: 'v1', seq: 7 },
  'processes.list': { captureId: 'c1' },
  'processes.tree': { captureId: 'c1' },
  'processes.summary': { captureId: 'c1', processKey: '4242@1200000' },
  'alerts.list': { captureId: 'c1' },
  'alerts.rules': undefined,
  'alerts.setRules': { text: '{"version": 1, "rules": []}' },
  'sessions.list': undefined,
  'sessions.stop': { name: 'NT Kernel Logger' },
  'sessions.start': { label: 'replay', replay: { path: '/traces/boot.etl', speed: 'max' } },
  'sessions.attach': { name: 'EventLog-Application', filter: 'level <= 3' },
  'sessions.parseProfile': {
    text: '<WindowsPerformanceRecorder><Profiles><Profile Id="P" Name="P"/></Profiles></WindowsPerformanceRecorder>',
    fileName: 'custom.wprp',
  },
  'dialog.openFile': { kind: 'capture' },
  'dialog.saveFile': { defaultName: 'KernelNetwork.jsonl', format: 'jsonl' },
  'export.start': {
    captureId: 'c1',
    viewId: 'v1',
    scope: 'view',
    format: 'csv',
    columns: ['size', 'Header.Size'],
    propsJson: false,
    path: '/tmp/out.csv',
  },
  'export.cancel': { exportId: 'x1' },
};

describe('contract', () => {
  for (const [name, def] of Object.entries(contract.channels)) {
    it(`${name}: accepts its example, refuses junk and extra keys`, () => {
      const example = examples[name as keyof typeof examples];
      expect(def.args.safeParse(example).success).toBe(true);
      expect(def.args.safeParse(42).success).toBe(false);
      expect(def.args.safeParse({ ...(example as object), injected: true }).success).toBe(false);
    });
  }

  it('bounds sizes and ranges', () => {
    const rows = contract.channels['events.rows'].args;
    expect(rows.safeParse({ viewId: 'v', offset: -1, limit: 10 }).success).toBe(false);
    expect(rows.safeParse({ viewId: 'v', offset: 0, limit: 1e9 }).success).toBe(false);
    expect(rows.safeParse({ viewId: 'v', offset: 0.5, limit: 10 }).success).toBe(false);
    expect(contract.channels['capture.open'].args.safeParse({ path: '' }).success).toBe(false);
    expect(contract.channels['capture.open'].args.safeParse({ path: 'x'.repeat(5000) }).success).toBe(false);
    expect(contract.channels['catalog.provider'].args.safeParse({ guid: 'not-a-guid' }).success).toBe(false);
    const replay = contract.channels['replay.open'].args;
    expect(replay.safeParse({ path: '/t.etl', speed: 0 }).success).toBe(false);
    expect(replay.safeParse({ path: '/t.etl', speed: 'fast' }).success).toBe(false);
    const update = contract.channels['view.update'].args;
    expect(update.safeParse({ viewId: 'v', sort: { column: 'props.X', descending: false } }).success).toBe(
      false,
    );
    expect(update.safeParse({ viewId: 'v', filter: 'x'.repeat(5000) }).success).toBe(false);
    expect(contract.channels['view.histogram'].args.safeParse({ viewId: 'v', buckets: 1e6 }).success).toBe(
      false,
    );
  });

  it('sorts by header columns or by a property path (`prop:`), and refuses anything else', () => {
    const update = contract.channels['view.update'].args;
    const sortBy = (column: unknown) =>
      update.safeParse({ viewId: 'v', sort: { column, descending: true } }).success;
    for (const column of [
      'pid',
      'prop:size',
      'prop:Header.Size',
      'prop:Odd name',
      'prop:Items.0',
      'prop:x'.padEnd(512, 'x'),
    ]) {
      expect(sortBy(column), column).toBe(true);
    }
    for (const column of [
      'prop:',
      'prop:.size',
      'prop:size.',
      'prop:a..b',
      'prop:a\u0000b',
      'prop:line\nbreak',
      'props.size',
      'PROP:size',
      'size ',
      'prop:'.padEnd(513, 'x'),
      42,
      null,
    ]) {
      expect(sortBy(column), String(column)).toBe(false);
    }
    const create = contract.channels['view.create'].args;
    expect(
      create.safeParse({ captureId: 'c', sort: { column: 'prop:size', descending: false } }).success,
    ).toBe(true);
    expect(create.safeParse({ captureId: 'c', sort: { column: 'prop:size' } }).success).toBe(false);
  });

  it('leaves session control to the session service (checked per call: replays need none)', () => {
    const needing = Object.entries(contract.channels)
      .filter(([, d]) => 'requires' in d && d.requires === 'sessionControl')
      .map(([n]) => n);
    expect(needing).toEqual([]);
  });

  it('declares the pushed events the shell listens to', () => {
    expect(Object.keys(contract.events).sort()).toEqual([
      'analysis.changed',
      'app.command',
      'capture.progress',
      'events.batch',
      'export.progress',
      'sessions.figures',
      'status',
    ]);
  });
});

describe('file kinds', () => {
  it('tells captures from schema sources by name', () => {
    expect(fileKindOf('/t/boot.etl')).toBe('capture');
    expect(fileKindOf('C:\\t\\BOOT.ETL')).toBe('capture');
    expect(fileKindOf('/t/circular.003')).toBe('capture');
    expect(fileKindOf('/t/net.4.5.2.x86.etl.zip')).toBe('capture');
    expect(fileKindOf('/t/provider.man')).toBe('manifest');
    expect(fileKindOf('C:\\Windows\\System32\\ntdll.dll')).toBe('manifest');
    expect(fileNameOf('C:\\a\\b.etl')).toBe('b.etl');
    expect(fileNameOf('/a/b.etl')).toBe('b.etl');
    expect(fileNameOf('b.etl')).toBe('b.etl');
  });
});
