// "Import .wprp…" in the new live session form: a Windows Performance Recorder profile picked with a
// file input (read in the page with File.text(), so it works in web mode and in Electron) is read by
// `sessions.parseProfile`; when the file holds several profiles the user picks one, and the form is
// filled from it (providers with level, keywords, stack and event-ID filters; kernel flags) with the
// warnings of what could not be carried over listed. Starting stays the user's click.
import { useRef, useState } from 'react';
import type { ParsedSessionProfile } from '@common/ipc/session-messages';
import { etw } from '../../api/etw';
import { useSessionDraftStore } from '../../stores/session-draft-store';
import { NO_EXTRAS, useSessionsStore } from './sessions-store';

const MAX_PROFILE_BYTES = 4 * 1024 * 1024;

/** Replaces the form's providers and kernel flags with the profile's. */
function applyProfile(profile: ParsedSessionProfile): void {
  const draft = useSessionDraftStore.getState();
  const sessions = useSessionsStore.getState();
  draft.clear();
  for (const p of profile.request.providers ?? []) {
    draft.put({
      guid: p.guid,
      name: p.name ?? '',
      level: p.level ?? 5,
      matchAnyKeyword: p.anyKeyword ?? '0x0',
      matchAllKeyword: p.allKeyword ?? '0x0',
    });
    sessions.setExtras(p.guid, {
      ...NO_EXTRAS,
      properties: p.properties ?? {},
      eventIds: (p.filters?.eventIds ?? []).join(', '),
      excludeEventIds: p.filters?.excludeEventIds === true,
    });
  }
  sessions.setKernelFlags(profile.request.kernel?.flags ?? 0);
}

export function WprpImport() {
  const input = useRef<HTMLInputElement>(null);
  const [fileName, setFileName] = useState('');
  const [profiles, setProfiles] = useState<ParsedSessionProfile[]>([]);
  const [chosen, setChosen] = useState<ParsedSessionProfile | undefined>();
  const [error, setError] = useState<string | undefined>();

  const choose = (profile: ParsedSessionProfile) => {
    setChosen(profile);
    applyProfile(profile);
  };

  const read = async (file: File) => {
    setProfiles([]);
    setChosen(undefined);
    setError(undefined);
    setFileName(file.name);
    if (file.size > MAX_PROFILE_BYTES) {
      setError(`${file.name} is ${file.size} bytes; a profile is read up to 4 MB`);
      return;
    }
    const r = await etw.invoke('sessions.parseProfile', { text: await file.text(), fileName: file.name });
    if (!r.ok) {
      setError(r.error.message);
      return;
    }
    setProfiles(r.value.profiles);
    const only = r.value.profiles.length === 1 ? r.value.profiles[0] : undefined;
    if (only) choose(only);
  };

  return (
    <div className="ses-wprp" data-testid="wprp-import">
      <input
        ref={input}
        type="file"
        accept=".wprp,.xml"
        hidden
        data-testid="wprp-input"
        onChange={(e) => {
          const file = e.target.files?.[0];
          e.target.value = '';
          if (file) void read(file);
        }}
      />
      <button type="button" className="button" onClick={() => input.current?.click()}>
        Import .wprp…
      </button>
      {error ? (
        <p className="ses-warning" data-testid="wprp-error">
          {error}
        </p>
      ) : null}
      {profiles.length > 1 ? (
        <label className="ses-filter">
          <span className="ses-filter-label">
            {fileName} holds {profiles.length} profiles: fill the form from
          </span>
          <select
            className="text-input"
            data-testid="wprp-profiles"
            value={chosen?.id ?? ''}
            onChange={(e) => {
              const profile = profiles.find((p) => p.id === e.target.value);
              if (profile) choose(profile);
            }}
          >
            <option value="" disabled>
              Choose a profile…
            </option>
            {profiles.map((p) => (
              <option key={p.id} value={p.id}>
                {p.name === p.id ? p.id : `${p.name} (${p.id})`}
              </option>
            ))}
          </select>
        </label>
      ) : null}
      {chosen ? (
        <div className="ses-wprp-chosen" data-testid="wprp-chosen">
          <p className="ses-faint">
            Filled from {fileName}, profile <strong>{chosen.name}</strong>
            {chosen.description ? `: ${chosen.description}` : ''}. Review it, then start the session.
          </p>
          {chosen.warnings.length ? (
            <ul className="ses-wprp-warnings" data-testid="wprp-warnings">
              {chosen.warnings.map((w, i) => (
                <li key={i} className="ses-warning">
                  {w}
                </li>
              ))}
            </ul>
          ) : null}
        </div>
      ) : null}
    </div>
  );
}
