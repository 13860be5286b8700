// Worker entry for one capture: opens the file (or the replay of one) named in workerData, builds
// the CaptureEngine, tells the host it opened, reads the capture to its end while answering the
// host's queries between slices, and then keeps answering until the host terminates the thread.
// The protocol is core/pipeline/engine-protocol.ts; the host side is engine-host.ts. Store exports
// run here too, beside the engine (export-engine-job.ts; messages in export-protocol.ts).
import { parentPort, workerData } from 'node:worker_threads';
import { err, ok } from '../common/result';
import { CaptureEngine } from '../core/pipeline/capture-engine';
import {
  callEngine,
  type EngineInit,
  type EngineMessage,
  type HostMessage,
} from '../core/pipeline/engine-protocol';
import { openFileEventSource } from '../core/pipeline/sources/open-file.node.js';
import { serveEngineExports } from './export-engine-job';
import {
  isEngineExportHostMessage,
  type EngineExportHostMessage,
  type EngineExportMessage,
} from './export-protocol';

const port = parentPort;
if (!port) throw new Error('capture-engine.worker must run in a worker thread');
const post = (message: EngineMessage | EngineExportMessage) => port.postMessage(message);
const init = workerData as EngineInit;

function start(): CaptureEngine | undefined {
  const opened = openFileEventSource(init.source);
  if (!opened.ok) {
    post({ type: 'opened', result: opened });
    return undefined;
  }
  try {
    return new CaptureEngine({
      captureId: init.captureId,
      source: opened.value,
      providers: init.providers,
      budgetBytes: init.budgetBytes,
      captureFilter: init.captureFilter,
      rules: init.rules,
      onUpdate: (update) => post({ type: 'update', update }),
    });
  } catch (e) {
    opened.value.close();
    post({ type: 'opened', result: err('BAD_REQUEST', e instanceof Error ? e.message : String(e)) });
    return undefined;
  }
}

const engine = start();
if (engine) {
  const exports = serveEngineExports(engine, post);
  port.on('message', (message: HostMessage | EngineExportHostMessage) => {
    if (isEngineExportHostMessage(message)) exports.handle(message);
    else if (message.type === 'cancel') engine.cancel();
    else post({ type: 'reply', id: message.id, result: callEngine(engine, message.method, message.args) });
  });
  post({ type: 'opened', result: ok(engine.summary()) });
  void engine.run().then((outcome) => post({ type: 'finished', outcome, summary: engine.summary() }));
}
