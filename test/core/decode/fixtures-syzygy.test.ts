// syzygy's Win7 captures (32-bit classic headers): their Process events carry a TOKEN_USER whose Sid
// pointer is zero but which still has the SID behind it. The names and command lines after the SID
// must come out right (values from syzygy's kernel_log_unittest_data.cc).
import { describe, expect, it } from 'vitest';
import { decodeCapture } from './support';

describe('syzygy Process events', () => {
  for (const file of ['process_data_32_v1.etl', 'process_data_32_v2.etl', 'process_data_32_v3.etl']) {
    it(`decodes SIDs, image names and command lines in ${file}`, () => {
      const { rows } = decodeCapture(`etl/syzygy/${file}`);
      const proc = rows.filter((r) => r.json.event.name.startsWith('Process/'));
      expect(proc.length).toBeGreaterThan(0);
      for (const r of proc) {
        expect(r.json.decodeError).toBeUndefined();
        expect(String(r.json.props.UserSID)).toMatch(/^S-1-5-/);
        expect(String(r.json.props.ImageFileName)).not.toBe('');
      }
      const notepad = proc.find((r) => r.json.props.ImageFileName === 'notepad.exe');
      if (file !== 'process_data_32_v1.etl') {
        expect(notepad?.json.props.CommandLine).toBe('"C:\\Windows\\system32\\notepad.exe" ');
        expect(notepad?.json.props.UserSID).toBe('S-1-5-21-753675414-103939432-3550797041-1000');
      }
    });
  }
});
