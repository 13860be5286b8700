// CSV export: RFC 4180 quoting (commas, quotes, CR/LF), header columns, property columns and the
// props JSON column, read back with an independent RFC 4180 parser on real and demo captures.
import { describe, expect, it } from 'vitest';
import type { EventJson } from '../../../electron/common/model/event';
import { memorySink } from '../../../electron/core/export/index';
import { generateDemo } from '../../../electron/core/demo/index';
import { csvField, csvRow, propColumns, rowColumnNames } from '../../../electron/core/export/index';
import { dumpEvents, exportToMemory, manifests } from './helpers';

/** RFC 4180 reader (records end with CRLF; quoted fields may hold anything). */
function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i] as string;
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') {
        field += '"';
        i++;
      } else if (c === '"') quoted = false;
      else field += c;
    } else if (c === '"') quoted = true;
    else if (c === ',') {
      row.push(field);
      field = '';
    } else if (c === '\r' && text[i + 1] === '\n') {
      row.push(field);
      rows.push(row);
      row = [];
      field = '';
      i++;
    } else field += c;
  }
  expect(quoted).toBe(false);
  expect(field === '' && row.length === 0).toBe(true); // the text ends with a record end
  return rows;
}

const tricky: EventJson = {
  ts: '2024-03-12T09:00:00.0000001Z',
  provider: { guid: '22fb2cd6-0e7b-422b-a0c7-2fad1fd0e716', name: 'Provider, "quoted"' },
  event: {
    id: 1,
    version: 0,
    opcode: 0,
    task: 0,
    level: 4,
    keywords: '0x0000000000000010',
    channel: 0,
    name: 'Line1\nLine2',
  },
  pid: 4,
  tid: 8,
  cpu: 0,
  classic: false,
  props: { Text: 'a,b "c"\r\nd', Nested: { Size: 12 }, Items: [1, 2], Missing: null },
  decodeError: 'field "X" needs 4 bytes, 2 left',
};

describe('CSV shaping', () => {
  it('quotes fields with commas, quotes, CR or LF and doubles quotes', () => {
    expect(csvField('plain')).toBe('plain');
    expect(csvField('a,b')).toBe('"a,b"');
    expect(csvField('say "hi"')).toBe('"say ""hi"""');
    expect(csvField('one\ntwo')).toBe('"one\ntwo"');
    expect(csvField('one\rtwo')).toBe('"one\rtwo"');
    expect(csvField('')).toBe('');
  });

  it('a row reads back to the same cells', () => {
    const cols = propColumns(['Text', 'Nested.Size', 'props.Items', 'Missing', 'pid']);
    expect(cols.map((c) => c.name)).toEqual(['Text', 'Nested.Size', 'Items', 'Missing', 'props.pid']);
    const names = rowColumnNames(cols, true);
    const [row] = parseCsv(csvRow(tricky, cols, true) + '\r\n');
    expect(row).toHaveLength(names.length);
    const cell = (name: string) => row?.[names.indexOf(name)];
    expect(cell('provider')).toBe('Provider, "quoted"');
    expect(cell('event')).toBe('Line1\nLine2');
    expect(cell('Text')).toBe('a,b "c"\r\nd');
    expect(cell('Nested.Size')).toBe('12');
    expect(cell('Items')).toBe('[1,2]');
    expect(cell('Missing')).toBe('');
    expect(cell('props.pid')).toBe('');
    expect(JSON.parse(cell('props') as string)).toEqual(tricky.props);
    expect(cell('ext')).toBe('');
    expect(cell('decodeError')).toBe('field "X" needs 4 bytes, 2 left');
  });
});

describe('CSV export', () => {
  it('writes a header row and one row per event (tx/KernelNetwork.etl)', async () => {
    const providers = await manifests('manifests/windows7-dump/Microsoft-Windows-Kernel-Network.xml');
    const { bytes } = await exportToMemory('etl/tx/KernelNetwork.etl', 'csv', {
      providers,
      rows: { columns: ['size', 'daddr'] },
    });
    const rows = parseCsv(new TextDecoder().decode(bytes));
    const names = rows[0] as string[];
    expect(names.slice(0, 3)).toEqual(['ts', 'provider', 'providerGuid']);
    expect(names).toContain('size');
    const source = dumpEvents('etl/tx/KernelNetwork.etl', providers);
    expect(rows.length - 1).toBe(source.length);
    let total = 0;
    rows.slice(1).forEach((r, i) => {
      const j = source[i]?.json as EventJson;
      expect(r[names.indexOf('ts')]).toBe(j.ts);
      expect(r[names.indexOf('id')]).toBe(String(j.event.id));
      expect(JSON.parse(r[names.indexOf('props')] as string)).toEqual(j.props);
      total += Number(r[names.indexOf('size')] || 0);
    });
    const want = source.reduce(
      (a, e) => a + (typeof e.json.props.size === 'number' ? e.json.props.size : 0),
      0,
    );
    expect(total).toBe(want);
    expect(total).toBeGreaterThan(1_000_000);
  });

  it('keeps multi-line PowerShell text intact and can leave out the props column (demo capture)', async () => {
    const sink = memorySink();
    generateDemo(sink);
    const { bytes } = await exportToMemory(sink.bytes(), 'csv', {
      filter: 'provider == "Microsoft-Windows-PowerShell"',
      rows: { columns: ['ScriptBlockText', 'ContextInfo'], propsJson: false },
    });
    const rows = parseCsv(new TextDecoder().decode(bytes));
    const names = rows[0] as string[];
    expect(names).not.toContain('props');
    const scripts = rows.slice(1).map((r) => r[names.indexOf('ScriptBlockText')] as string);
    const mimikatz = scripts.find((s) => s.includes('function Invoke-Mimikatz'));
    expect(mimikatz).toContain('\n');
    expect(mimikatz).toContain('[CmdletBinding(DefaultParameterSetName="DumpCreds")]');
    const context = rows
      .slice(1)
      .map((r) => r[names.indexOf('ContextInfo')] as string)
      .find((c) => c.includes('Host Application'));
    expect(context).toContain('\r\n');
    expect(context).toMatch(/-enc [A-Za-z0-9+/=]+\r\n/);
  });
});
