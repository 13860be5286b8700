// File › Export (Ctrl+E, the toolbar's Export button): writes the events of the open capture — the
// current view with its filter and time range, everything, or the selected row — as JSON Lines,
// CSV, Parquet or a self-describing .etl, in the view's sort order (what the user sees) or in time
// order. Files, replays and live sessions alike. CSV and Parquet take property columns. The desktop
// app saves where the native save dialog says; web mode saves on the server or, by default, hands
// the finished file to the browser as a one-time download. While the export runs (off the services'
// main thread) the dialog shows its progress and a cancel button; then a summary with the path and
// what could not be exported (events dropped under the memory budget).
import { useState, type FormEvent } from 'react';
import {
  EXPORT_EXTENSIONS,
  PROPERTY_SORT_PREFIX,
  type ExportFormatName,
  type ExportOrder,
  type ExportProgressEvent,
  type ExportRequest,
  type ExportScope,
  type ViewSort,
} from '@common/ipc/messages';
import type { AppError } from '@common/result';
import { Dialog } from '../../components/Dialog';
import { Icon } from '../../components/Icon';
import { etw } from '../../api/etw';
import { formatBytes, formatCount } from '../../lib/format';
import { useAppStore } from '../../stores/app-store';
import { BUILTIN_COLUMNS } from '../events/columns';
import { useEventsStore } from '../events/events-store';
import { effectiveFilter } from '../events/filter-text';
import { ColumnPicker } from './ColumnPicker';
import { useExportStore, type ExportJob } from './export-store';
import './export.css';

const FORMATS: Array<{ id: ExportFormatName; label: string; text: string }> = [
  {
    id: 'jsonl',
    label: 'JSON Lines',
    text: 'One JSON object per event, every property (the etwx dump shape)',
  },
  { id: 'csv', label: 'CSV', text: 'Header columns, chosen properties, the rest as JSON; opens in Excel' },
  { id: 'parquet', label: 'Parquet', text: 'Typed columns for DuckDB, pandas, Spark; compressed' },
  {
    id: 'etl',
    label: 'ETL',
    text: 'The records unchanged, with their schemas: decodes without the manifests',
  },
];

export function ExportDialog() {
  const open = useExportStore((s) => s.open);
  const job = useExportStore((s) => s.job);
  const close = useExportStore((s) => s.closeDialog);
  if (!open) return null;
  return (
    <Dialog
      title="Export events"
      onClose={close}
      width={620}
      testId="export-dialog"
      footer={job ? <RunFooter job={job} /> : <FormFooter />}
    >
      {job ? <ExportRun job={job} /> : <ExportForm />}
    </Dialog>
  );
}

// ---- the form ------------------------------------------------------------------------------------

interface FormState {
  format: ExportFormatName;
  scope: ExportScope;
  /** The view's sort order, or time order. */
  order: ExportOrder;
  columns: string[];
  propsJson: boolean;
  /** Web mode: download to the browser, or save on the server at `path`. */
  download: boolean;
  path: string;
  error?: AppError;
}

/** `folder/KernelNetwork.jsonl` next to the capture (`stem` without .etl). */
function suggestedPath(capturePath: string | undefined, label: string, format: ExportFormatName): string {
  const file = capturePath ?? label;
  const cut = Math.max(file.lastIndexOf('/'), file.lastIndexOf('\\'));
  const folder = cut >= 0 ? file.slice(0, cut + 1) : '';
  const stem = file.slice(cut + 1).replace(/\.etl(\.zip)?$/i, '') || 'events';
  return `${folder}${format === 'etl' ? `${stem}-export` : stem}.${EXPORT_EXTENSIONS[format]}`;
}

/** True for time order, ascending: what an unsorted view shows. */
const isTimeOrder = (sort: ViewSort) => sort.column === 'time' && !sort.descending;

/** `PID, descending` for a sort (the column's label in the event table). */
function sortText(sort: ViewSort): string {
  if (isTimeOrder(sort)) return 'time order';
  const label =
    BUILTIN_COLUMNS.find((c) => c.sort === sort.column)?.label ??
    (sort.column.startsWith(PROPERTY_SORT_PREFIX)
      ? `property ${sort.column.slice(PROPERTY_SORT_PREFIX.length)}`
      : sort.column);
  return `${label}, ${sort.descending ? 'descending' : 'ascending'}`;
}

/** The same path with the extension of `format` when it ended with another format's. */
function withExtension(path: string, format: ExportFormatName): string {
  const m = /\.(jsonl|ndjson|json|csv|parquet|etl)$/i.exec(path);
  return m ? `${path.slice(0, m.index)}.${EXPORT_EXTENSIONS[format]}` : path;
}

function ExportForm() {
  const web = useAppStore((s) => s.info?.mode !== 'electron');
  const source = useAppStore((s) => s.status.source);
  const captureId = useEventsStore((s) => s.captureId);
  const viewId = useEventsStore((s) => s.viewId);
  const total = useEventsStore((s) => s.total);
  const filter = useEventsStore((s) => s.filter);
  const range = useEventsStore((s) => s.range);
  const selectedSeq = useEventsStore((s) => s.selectedSeq);
  const progress = useEventsStore((s) => s.progress);
  const sort = useEventsStore((s) => s.sort);
  const viewFilter = effectiveFilter(filter, range).text.trim();
  const [form, setFormState] = useState<FormState>(() => ({
    format: 'jsonl',
    scope: 'view',
    order: 'view',
    columns: [],
    propsJson: true,
    download: web,
    path: suggestedPath(source.path, source.label, 'jsonl'),
  }));
  const setForm = (patch: Partial<FormState>) => setFormState((f) => ({ ...f, ...patch }));
  const rowFormat = form.format === 'csv' || form.format === 'parquet';
  const capturedEvents = progress?.events;
  // .etl readers merge events by time: an .etl file is always in time order.
  const viewOrder = !isTimeOrder(sort) && form.format !== 'etl';

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    if (!captureId) return;
    const toServer = !(web && form.download);
    const path = form.path.trim();
    if (toServer && path === '') {
      setForm({ error: { code: 'BAD_REQUEST', message: 'Type where to write the file.' } });
      return;
    }
    const request: ExportRequest = {
      captureId,
      scope: form.scope,
      format: form.format,
      order: viewOrder ? form.order : 'time',
      ...(viewId ? { viewId } : {}),
      ...(form.scope === 'selection' && selectedSeq !== undefined ? { seqs: [selectedSeq] } : {}),
      ...(rowFormat && form.columns.length ? { columns: form.columns } : {}),
      ...(rowFormat ? { propsJson: form.propsJson } : {}),
      ...(toServer ? { path } : {}),
    };
    const error = await useExportStore.getState().start(request);
    if (error) setForm({ error });
  };

  const chooseFile = async () => {
    const name = suggestedPath(undefined, source.label, form.format);
    const r = await etw.invoke('dialog.saveFile', { defaultName: name, format: form.format });
    if (!r.ok) setForm({ error: r.error });
    else if (r.value.path) setForm({ path: r.value.path, error: undefined });
  };

  return (
    <form id="export-form" className="exp-form" onSubmit={(e) => void submit(e)}>
      <fieldset className="exp-fieldset">
        <legend className="field-label">Format</legend>
        <div className="exp-formats">
          {FORMATS.map((f) => (
            <label
              key={f.id}
              className={`exp-choice ${form.format === f.id ? 'exp-choice-on' : ''}`}
              data-testid={`export-format-${f.id}`}
            >
              <input
                type="radio"
                name="export-format"
                value={f.id}
                checked={form.format === f.id}
                onChange={() =>
                  setForm({ format: f.id, path: withExtension(form.path, f.id), error: undefined })
                }
              />
              <span className="exp-choice-title">{f.label}</span>
              <span className="exp-choice-text">{f.text}</span>
            </label>
          ))}
        </div>
      </fieldset>

      <fieldset className="exp-fieldset">
        <legend className="field-label">Events</legend>
        <label className="exp-scope" data-testid="export-scope-view">
          <input
            type="radio"
            name="export-scope"
            checked={form.scope === 'view'}
            onChange={() => setForm({ scope: 'view' })}
          />
          <span>
            The current view: <strong>{formatCount(total)} rows</strong>
            <span className="exp-filter mono" data-testid="export-filter">
              {viewFilter === '' ? 'no filter: every event' : viewFilter}
            </span>
          </span>
        </label>
        <label className="exp-scope" data-testid="export-scope-all">
          <input
            type="radio"
            name="export-scope"
            checked={form.scope === 'all'}
            onChange={() => setForm({ scope: 'all' })}
          />
          <span>
            Everything in the capture
            {capturedEvents !== undefined ? (
              <>
                : <strong>{formatCount(capturedEvents)} events</strong>
              </>
            ) : null}
          </span>
        </label>
        <label
          className={`exp-scope ${selectedSeq === undefined ? 'exp-disabled' : ''}`}
          data-testid="export-scope-selection"
        >
          <input
            type="radio"
            name="export-scope"
            disabled={selectedSeq === undefined}
            checked={form.scope === 'selection'}
            onChange={() => setForm({ scope: 'selection' })}
          />
          <span>
            The selected row
            {selectedSeq === undefined ? <span className="exp-muted"> (select one in Events)</span> : null}
          </span>
        </label>
        <p className="exp-hint">
          The export writes, in the background, the events the app holds{web ? ' on the server' : ''} — a live
          session or a replay as far as it got; events dropped under the memory budget are counted in the
          summary. <span className="mono">process.*</span> filters use the process table of the whole capture,
          as the view does.
        </p>
      </fieldset>

      <fieldset className="exp-fieldset">
        <legend className="field-label">Order</legend>
        {isTimeOrder(sort) ? (
          <p className="dialog-text" data-testid="export-order">
            Time order, as the view shows the events.
          </p>
        ) : (
          <>
            <label className={`exp-scope ${viewOrder ? '' : 'exp-disabled'}`} data-testid="export-order-view">
              <input
                type="radio"
                name="export-order"
                disabled={!viewOrder}
                checked={viewOrder && form.order === 'view'}
                onChange={() => setForm({ order: 'view' })}
              />
              <span>
                As the view is sorted: <strong>{sortText(sort)}</strong>
                {viewOrder ? null : <span className="exp-muted"> (.etl files are always in time order)</span>}
              </span>
            </label>
            <label className="exp-scope" data-testid="export-order-time">
              <input
                type="radio"
                name="export-order"
                checked={!viewOrder || form.order === 'time'}
                onChange={() => setForm({ order: 'time' })}
              />
              <span>Time order</span>
            </label>
          </>
        )}
      </fieldset>

      {rowFormat ? (
        <fieldset className="exp-fieldset">
          <legend className="field-label">Columns</legend>
          <ColumnPicker viewId={viewId} columns={form.columns} onChange={(columns) => setForm({ columns })} />
          <label className="exp-check">
            <input
              type="checkbox"
              checked={form.propsJson}
              onChange={(e) => setForm({ propsJson: e.target.checked })}
            />
            Also every property as JSON (the <span className="mono">props</span> column)
          </label>
        </fieldset>
      ) : null}

      <fieldset className="exp-fieldset">
        <legend className="field-label">Destination</legend>
        {web ? (
          <>
            <label className="exp-scope" data-testid="export-dest-download">
              <input
                type="radio"
                name="export-dest"
                checked={form.download}
                onChange={() => setForm({ download: true, error: undefined })}
              />
              <span>Download to this browser</span>
            </label>
            <label className="exp-scope" data-testid="export-dest-server">
              <input
                type="radio"
                name="export-dest"
                checked={!form.download}
                onChange={() => setForm({ download: false, error: undefined })}
              />
              <span>Save on the server</span>
            </label>
          </>
        ) : null}
        {!web || !form.download ? (
          <div className="exp-path-row">
            <input
              className="text-input mono"
              data-testid="export-path"
              aria-label={web ? 'Path on the server' : 'File to write'}
              spellCheck={false}
              autoComplete="off"
              value={form.path}
              onChange={(e) => setForm({ path: e.target.value, error: undefined })}
            />
            {web ? null : (
              <button type="button" className="button" onClick={() => void chooseFile()}>
                Choose…
              </button>
            )}
          </div>
        ) : null}
        {form.error ? (
          <div className="field-error" role="alert" data-testid="export-error">
            <span className="field-error-code">{form.error.code}</span> {form.error.message}
          </div>
        ) : null}
      </fieldset>
    </form>
  );
}

function FormFooter() {
  const close = useExportStore((s) => s.closeDialog);
  const starting = useExportStore((s) => s.starting);
  return (
    <>
      <button type="button" className="button" onClick={close}>
        Cancel
      </button>
      <button
        type="submit"
        form="export-form"
        className="button button-primary"
        data-testid="export-start"
        disabled={starting}
      >
        {starting ? 'Starting…' : 'Export'}
      </button>
    </>
  );
}

// ---- running and done ----------------------------------------------------------------------------

function ExportRun({ job }: { job: ExportJob }) {
  const p = job.progress;
  const web = useAppStore((s) => s.info?.mode !== 'electron');
  const fraction = p?.fraction ?? 0;
  const target = job.started.path || job.started.fileName;
  const expected = p?.total ?? job.started.total;

  if (p?.done && p.error) {
    return (
      <div data-testid="export-summary" data-state="failed">
        <div className="field-error" role="alert" data-testid="export-error">
          <span className="field-error-code">{p.error.code}</span> {p.error.message}
        </div>
        <p className="exp-hint">Nothing was written.</p>
      </div>
    );
  }
  if (p?.done && p.cancelled) {
    return (
      <p className="dialog-text" data-testid="export-summary" data-state="cancelled">
        Export cancelled after {formatCount(p.read)} events read: no file was written.
      </p>
    );
  }
  if (p?.done) {
    const token = new URLSearchParams(window.location.search).get('token') ?? '';
    const href = p.downloadUrl ? `${p.downloadUrl}?token=${encodeURIComponent(token)}` : undefined;
    return (
      <div className="exp-summary" data-testid="export-summary" data-state="done">
        <div className="exp-summary-head">
          <Icon name="info" size={18} />
          <strong data-testid="export-summary-count">{formatCount(p.events)} events exported</strong>
          <span className="exp-muted">
            {formatBytes(p.bytes)} · {(p.summary?.seconds ?? 0).toFixed(1)} s
          </span>
        </div>
        {p.path ? (
          <>
            <div className="field-label">{web ? 'Saved on the server' : 'Saved to'}</div>
            <div className="exp-path mono" data-testid="export-summary-path">
              {p.path}
            </div>
          </>
        ) : (
          <p className="dialog-text">{p.fileName} is ready.</p>
        )}
        {href ? (
          <a
            className="button button-primary exp-download"
            href={href}
            download={p.fileName}
            data-testid="export-download"
          >
            <Icon name="drop" size={14} /> Download {p.fileName}
          </a>
        ) : null}
        {href ? <p className="exp-hint">The download link works once.</p> : null}
        <MissingEvents summary={p.summary} />
        {p.summary && p.summary.undecoded > 0 ? (
          <p className="exp-hint">
            {formatCount(p.summary.undecoded)} events had no schema and were written undecoded.
          </p>
        ) : null}
        {p.summary?.problems.length ? (
          <ul className="exp-problems">
            {p.summary.problems.slice(0, 5).map((x) => (
              <li key={x}>{x}</li>
            ))}
          </ul>
        ) : null}
      </div>
    );
  }
  return (
    <div className="exp-run" data-testid="export-progress">
      <p className="dialog-text">
        Writing <span className="mono">{target}</span>
        {job.started.filter ? (
          <>
            {' '}
            with the filter <span className="mono">{job.started.filter}</span>
          </>
        ) : null}{' '}
        in {sortText(job.started.sort)}
      </p>
      <div
        className="exp-bar"
        role="progressbar"
        aria-valuemin={0}
        aria-valuemax={100}
        aria-valuenow={Math.round(fraction * 100)}
      >
        <span style={{ width: `${Math.round(fraction * 100)}%` }} />
      </div>
      <div className="exp-figures" data-testid="export-figures">
        <span>
          <strong>{formatCount(p?.events ?? 0)}</strong>
          {expected !== undefined ? ` of ${formatCount(expected)}` : ''} events written
        </span>
        <span>{formatCount(p?.eventsPerSecond ?? 0)} events/s read</span>
        <span>{formatBytes(p?.bytes ?? 0)}</span>
        <span>{Math.round(fraction * 100)}%</span>
      </div>
    </div>
  );
}

/** What the export could not write: events the capture dropped under its memory budget. */
function MissingEvents({ summary }: { summary: ExportProgressEvent['summary'] }) {
  if (!summary || (summary.notAvailable === 0 && summary.droppedEarlier === 0)) return null;
  return (
    <div className="exp-missing" role="status" data-testid="export-summary-missing">
      {summary.notAvailable > 0 ? (
        <p>
          <strong>{formatCount(summary.notAvailable)} events</strong> of this export were dropped under the
          memory budget before they could be written: they are not in the file.
        </p>
      ) : null}
      {summary.droppedEarlier > 0 ? (
        <p>
          The capture had already dropped <strong>{formatCount(summary.droppedEarlier)} older events</strong>{' '}
          under its memory budget: they are in no view and not in the file.
        </p>
      ) : null}
    </div>
  );
}

function RunFooter({ job }: { job: ExportJob }) {
  const { closeDialog, cancel, reset } = useExportStore.getState();
  const done = job.progress?.done === true;
  if (!done) {
    return (
      <>
        <button type="button" className="button" onClick={closeDialog} title="The export goes on">
          Hide
        </button>
        <button type="button" className="button" data-testid="export-cancel" onClick={() => void cancel()}>
          Cancel export
        </button>
      </>
    );
  }
  return (
    <>
      <button type="button" className="button" onClick={reset} data-testid="export-again">
        New export
      </button>
      <button
        type="button"
        className="button button-primary"
        onClick={closeDialog}
        data-testid="export-close"
      >
        Close
      </button>
    </>
  );
}
