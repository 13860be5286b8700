// "Start session with this selection": hands the provider, the keyword picker's masks and the level to
// the Sessions view (stores/session-draft-store.ts) and goes there. Where live ETW cannot run (any OS
// but Windows, no addon, not elevated) the button still prepares the draft and a note says why the
// session itself cannot start here (app.info's liveEtw verdict).
import type { ProviderSchema } from '@common/model/schema';
import { liveUnavailableDetail, liveUnavailableTitle } from '../../lib/live-etw';
import { useAppStore } from '../../stores/app-store';
import { useSessionDraftStore } from '../../stores/session-draft-store';
import { useUiStore } from '../../stores/ui-store';
import { formatMask, orMasks } from './keyword-mask';
import { pickerOf } from './providers-store';

export function useHandOff(provider: ProviderSchema): () => void {
  return () => {
    const picker = pickerOf(provider.guid);
    const any = orMasks(picker.ticked);
    const entry = {
      guid: provider.guid,
      name: provider.name,
      matchAnyKeyword: formatMask(any),
      matchAllKeyword: formatMask(picker.requireAll ? any : 0n),
      level: picker.level,
    };
    useSessionDraftStore.getState().put(entry);
    useUiStore.getState().notify({
      tone: 'info',
      title: `${provider.name} added to the session`,
      message: `Keywords any ${entry.matchAnyKeyword}, all ${entry.matchAllKeyword}, level ${entry.level}.`,
    });
    useAppStore.getState().setView('sessions');
  };
}

export function SessionHandoffButton({ provider, label }: { provider: ProviderSchema; label?: string }) {
  const info = useAppStore((s) => s.info);
  const handOff = useHandOff(provider);
  const unavailable = info && !info.liveEtw.available;
  const why = unavailable ? `${liveUnavailableTitle(info)} ${liveUnavailableDetail(info)}` : undefined;
  return (
    <button
      type="button"
      className="button button-primary"
      data-testid="start-session"
      onClick={handOff}
      title={
        why
          ? `${why} The selection still goes to the Sessions view, ready for a Windows machine.`
          : 'Open the Sessions view with this provider, its ticked keywords and level'
      }
    >
      {label ?? 'Start session with this selection'}
    </button>
  );
}

/** One line under the picker explaining why a live session cannot start on this machine. */
export function LiveNote() {
  const info = useAppStore((s) => s.info);
  if (!info || info.liveEtw.available) return null;
  return (
    <p className="live-note" data-testid="live-note">
      {liveUnavailableTitle(info)} {liveUnavailableDetail(info)} The selection is kept for the Sessions view.
    </p>
  );
}
