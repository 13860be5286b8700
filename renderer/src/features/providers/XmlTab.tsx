// The XML tab: the provider written back as an instrumentation manifest (catalog.manifestXml), syntax-
// highlighted (xml-highlight.ts) with line numbers, only the visible lines drawn (some manifests run to
// tens of thousands of lines). Copy puts the text on the clipboard; Export saves it as <provider>.man
// through a Blob download, which works in the browser and in the desktop app alike.
import { useVirtualizer } from '@tanstack/react-virtual';
import { useEffect, useMemo, useRef, useState } from 'react';
import type { ManifestXml } from '@common/ipc/messages';
import type { AppError } from '@common/result';
import { etw } from '../../api/etw';
import { formatBytes, formatCount } from '../../lib/format';
import { useUiStore } from '../../stores/ui-store';
import { lineStates, tokenizeLine } from './xml-highlight';
import './xml-view.css';

const LINE_HEIGHT = 18;
const cache = new Map<string, ManifestXml>();

/** Saves text as a file: the browser's download, or the desktop app's save dialog. */
export function downloadText(fileName: string, text: string, type = 'application/xml'): void {
  const url = URL.createObjectURL(new Blob([text], { type }));
  const link = document.createElement('a');
  link.href = url;
  link.download = fileName;
  document.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), 30_000);
}

/** Fetches (once per provider) the manifest XML. */
export async function manifestXml(
  guid: string,
): Promise<{ ok: true; value: ManifestXml } | { ok: false; error: AppError }> {
  const cached = cache.get(guid);
  if (cached) return { ok: true, value: cached };
  const r = await etw.invoke('catalog.manifestXml', { guid });
  if (r.ok) {
    cache.clear();
    cache.set(guid, r.value);
  }
  return r;
}

export async function exportManifest(guid: string): Promise<void> {
  const r = await manifestXml(guid);
  if (!r.ok) {
    useUiStore.getState().notifyError('Cannot export the manifest', r.error);
    return;
  }
  downloadText(r.value.fileName, r.value.xml);
}

function XmlLines({ xml }: { xml: string }) {
  const ref = useRef<HTMLDivElement>(null);
  const lines = useMemo(() => xml.split(/\r?\n/), [xml]);
  const states = useMemo(() => lineStates(lines), [lines]);
  const virtualizer = useVirtualizer({
    count: lines.length,
    getScrollElement: () => ref.current,
    estimateSize: () => LINE_HEIGHT,
    overscan: 20,
  });
  const gutter = `${String(lines.length).length + 1}ch`;
  return (
    <div ref={ref} className="xml-view" data-testid="xml-view" tabIndex={0} aria-label="Manifest XML">
      <div className="xml-inner" style={{ height: virtualizer.getTotalSize() }}>
        {virtualizer.getVirtualItems().map((v) => {
          const { tokens } = tokenizeLine(lines[v.index] as string, states[v.index] ?? { mode: 'text' });
          return (
            <div
              key={v.index}
              className="xml-line"
              style={{ height: LINE_HEIGHT, transform: `translateY(${v.start}px)` }}
            >
              <span className="xml-gutter" style={{ width: gutter }}>
                {v.index + 1}
              </span>
              <span className="xml-code">
                {tokens.map((t, i) => (
                  <span key={i} className={`xml-${t.kind}`}>
                    {t.text}
                  </span>
                ))}
              </span>
            </div>
          );
        })}
      </div>
    </div>
  );
}

export function XmlTab({ guid }: { guid: string }) {
  const [state, setState] = useState<{ guid: string; xml?: ManifestXml; error?: AppError }>({ guid });
  useEffect(() => {
    let live = true;
    void manifestXml(guid).then((r) => {
      if (live) setState(r.ok ? { guid, xml: r.value } : { guid, error: r.error });
    });
    return () => {
      live = false;
    };
  }, [guid]);
  const current: typeof state = state.guid === guid ? state : { guid };

  if (current.error) return <div className="detail-empty detail-error">{current.error.message}</div>;
  if (!current.xml) return <div className="detail-empty">Writing the manifest…</div>;
  return <LoadedXml manifest={current.xml} />;
}

function LoadedXml({ manifest }: { manifest: ManifestXml }) {
  const { xml, fileName } = manifest;
  const size = useMemo(
    () => ({ lines: xml.split('\n').length, bytes: new TextEncoder().encode(xml).length }),
    [xml],
  );
  const copy = () => {
    void navigator.clipboard.writeText(xml).then(
      () =>
        useUiStore
          .getState()
          .notify({ tone: 'info', title: 'Copied', message: `${fileName} is on the clipboard.` }),
      () =>
        useUiStore.getState().notify({
          tone: 'error',
          title: 'Cannot copy',
          message: 'The clipboard refused the text; use Export.',
        }),
    );
  };
  return (
    <div className="tab-stack">
      <div className="tab-toolbar">
        <span className="mono">{fileName}</span>
        <span className="tab-count">
          {formatCount(size.lines)} lines · {formatBytes(size.bytes)}
        </span>
        <span className="spacer" />
        <button type="button" className="button" onClick={copy}>
          Copy
        </button>
        <button
          type="button"
          className="button"
          data-testid="xml-export"
          onClick={() => downloadText(fileName, xml)}
        >
          Export…
        </button>
      </div>
      <XmlLines xml={xml} />
    </div>
  );
}
