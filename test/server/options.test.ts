// `serve` flags: defaults, each flag, and the refusals (remote binding, bad port, stray values).
import { describe, expect, it } from 'vitest';
import { DEFAULT_PORT, parseServeArgs } from '../../electron/server/options';

describe('parseServeArgs', () => {
  it('defaults to loopback, the default port, nothing allowed', () => {
    expect(parseServeArgs([])).toEqual({
      ok: true,
      value: {
        port: DEFAULT_PORT,
        host: '127.0.0.1',
        allowRemote: false,
        allowSessionControl: false,
        open: undefined,
        replay: undefined,
        speed: undefined,
        demo: false,
        manifests: [],
        rules: undefined,
        staticDir: undefined,
        help: false,
      },
    });
  });

  it('keeps every --manifests path, in order', () => {
    expect(
      parseServeArgs(['--manifests', '/m/a.man', '--manifests=/m/folder', '--open', 'x.etl']),
    ).toMatchObject({
      ok: true,
      value: { manifests: ['/m/a.man', '/m/folder'], open: 'x.etl' },
    });
    expect(parseServeArgs(['--manifests'])).toMatchObject({
      ok: false,
      error: { message: '--manifests needs a value' },
    });
  });

  it('takes one --rules file', () => {
    expect(parseServeArgs(['--rules', 'my-rules.json'])).toMatchObject({
      ok: true,
      value: { rules: 'my-rules.json' },
    });
    expect(parseServeArgs(['--rules=/etc/etw/rules.json', '--demo'])).toMatchObject({
      ok: true,
      value: { rules: '/etc/etw/rules.json', demo: true },
    });
    expect(parseServeArgs(['--rules', 'a.json', '--rules', 'b.json'])).toMatchObject({
      ok: false,
      error: { message: '--rules given twice' },
    });
    expect(parseServeArgs(['--rules'])).toMatchObject({
      ok: false,
      error: { message: '--rules needs a value' },
    });
  });

  it('reads every flag, in both --x v and --x=v forms', () => {
    const r = parseServeArgs([
      '--port=0',
      '--host',
      '0.0.0.0',
      '--allow-remote',
      '--allow-session-control',
      '--replay',
      'a.etl',
      '--speed',
      '2.5',
    ]);
    expect(r).toMatchObject({
      ok: true,
      value: {
        port: 0,
        host: '0.0.0.0',
        allowRemote: true,
        allowSessionControl: true,
        replay: 'a.etl',
        speed: 2.5,
      },
    });
    expect(parseServeArgs(['--open', '/t/x.etl'])).toMatchObject({ ok: true, value: { open: '/t/x.etl' } });
    expect(parseServeArgs(['--demo'])).toMatchObject({ ok: true, value: { demo: true } });
    expect(parseServeArgs(['--replay', 'a.etl', '--speed', 'max'])).toMatchObject({
      ok: true,
      value: { replay: 'a.etl', speed: Infinity },
    });
    expect(parseServeArgs(['-h'])).toMatchObject({ ok: true, value: { help: true } });
  });

  it('refuses what it should, naming the flag', () => {
    const refusals: Array<[string[], string]> = [
      [['--host', '0.0.0.0'], '--allow-remote'],
      [['--host', '192.168.1.5'], '--allow-remote'],
      [['--port', '70000'], '--port'],
      [['--port', '-1'], '--port'],
      [['--port', 'abc'], '--port'],
      [['--port'], '--port needs a value'],
      [['--bogus'], '--bogus'],
      [['stray'], 'stray'],
      [['--speed', '2'], '--replay'],
      [['--replay', 'a.etl', '--speed', '0'], '--speed'],
      [['--replay', 'a.etl', '--speed', 'Infinity'], '--speed'],
      [['--open', 'a.etl', '--demo'], 'one of'],
      [['--port', '1', '--port', '2'], 'twice'],
    ];
    for (const [argv, fragment] of refusals) {
      const r = parseServeArgs(argv);
      expect(r.ok, argv.join(' ')).toBe(false);
      if (!r.ok) expect(r.error.message).toContain(fragment);
    }
  });

  it('accepts loopback names without --allow-remote', () => {
    for (const host of ['127.0.0.1', '127.0.0.2', 'localhost', '::1'])
      expect(parseServeArgs(['--host', host]).ok).toBe(true);
  });
});
