// The desktop file dialog service over a stand-in for Electron's dialog.
import { describe, expect, it } from 'vitest';
import {
  createElectronDialogService,
  EXPORT_FILTERS,
  FILE_FILTERS,
} from '../../electron/main/electron-dialog';

describe('createElectronDialogService', () => {
  it('returns the chosen path, null on cancel, and an error value when the dialog fails', async () => {
    const calls: unknown[] = [];
    let answer: { canceled: boolean; filePaths: string[] } | Error = {
      canceled: false,
      filePaths: ['/t/a.etl'],
    };
    const service = createElectronDialogService(
      {
        showOpenDialog: (async (...args: unknown[]) => {
          calls.push(args);
          if (answer instanceof Error) throw answer;
          return answer;
        }) as never,
        showSaveDialog: (async () => ({ canceled: true })) as never,
      },
      () => undefined,
    );
    expect(await service.openFile('capture')).toEqual({ ok: true, value: { path: '/t/a.etl' } });
    expect(calls[0]).toEqual([
      { title: 'Open capture', properties: ['openFile'], filters: FILE_FILTERS.capture },
    ]);
    answer = { canceled: true, filePaths: [] };
    expect(await service.openFile('manifest')).toEqual({ ok: true, value: { path: null } });
    answer = new Error('no display');
    expect(await service.openFile('capture')).toMatchObject({ ok: false, error: { code: 'INTERNAL' } });
  });

  it('saveFile: the chosen path with the format filter, null on cancel, an error value on failure', async () => {
    const calls: unknown[] = [];
    let answer: { canceled: boolean; filePath: string } | Error = { canceled: false, filePath: '/t/out.csv' };
    const service = createElectronDialogService(
      {
        showOpenDialog: (async () => ({ canceled: true, filePaths: [] })) as never,
        showSaveDialog: (async (...args: unknown[]) => {
          calls.push(args);
          if (answer instanceof Error) throw answer;
          return answer;
        }) as never,
      },
      () => undefined,
    );
    expect(await service.saveFile('KernelNetwork.csv', 'csv')).toEqual({
      ok: true,
      value: { path: '/t/out.csv' },
    });
    expect(calls[0]).toMatchObject([
      {
        title: 'Export events',
        defaultPath: 'KernelNetwork.csv',
        filters: [...EXPORT_FILTERS.csv, { name: 'All files', extensions: ['*'] }],
      },
    ]);
    answer = { canceled: true, filePath: '' };
    expect(await service.saveFile('a.jsonl', 'jsonl')).toEqual({ ok: true, value: { path: null } });
    answer = new Error('no display');
    expect(await service.saveFile('a.etl', 'etl')).toMatchObject({ ok: false, error: { code: 'INTERNAL' } });
  });
});
