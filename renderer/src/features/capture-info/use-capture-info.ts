// Keeps a capture's summary (`capture.info`) current for the "About this capture" dialog: asked once
// when the dialog opens, then again as `capture.progress` reports the capture growing (at most every
// REFRESH_MS) and at once when reading ends, so the figures settle on the final ones.
import { useEffect, useState } from 'react';
import type { CaptureSummary } from '@common/ipc/messages';
import type { AppError } from '@common/result';
import { etw } from '../../api/etw';

/** Least time between two refreshes while the capture is read. */
const REFRESH_MS = 500;

export type CaptureInfoState =
  | { state: 'loading' }
  | { state: 'ready'; summary: CaptureSummary; reading: boolean }
  | { state: 'failed'; error: AppError };

export function useCaptureInfo(captureId: string): CaptureInfoState {
  const [info, setInfo] = useState<CaptureInfoState>({ state: 'loading' });
  useEffect(() => {
    let disposed = false;
    let reading = false;
    let timer: ReturnType<typeof setTimeout> | undefined;
    let last = 0;
    const refresh = () => {
      timer = undefined;
      last = performance.now();
      void etw.invoke('capture.info', { captureId }).then((r) => {
        if (disposed) return;
        setInfo(r.ok ? { state: 'ready', summary: r.value, reading } : { state: 'failed', error: r.error });
      });
    };
    const off = etw.on('capture.progress', (progress) => {
      if (progress.captureId !== captureId) return;
      const wasReading = reading;
      reading = progress.phase === 'reading' || progress.phase === 'live';
      const ended = wasReading && !reading;
      if (ended && timer !== undefined) clearTimeout(timer);
      else if (timer !== undefined) return;
      timer = setTimeout(refresh, ended ? 0 : Math.max(0, last + REFRESH_MS - performance.now()));
    });
    refresh();
    return () => {
      disposed = true;
      off();
      if (timer !== undefined) clearTimeout(timer);
    };
  }, [captureId]);
  return info;
}
