// Worker entry for one export (export-job.ts does the work): takes the job from workerData, posts
// progress while it runs and the outcome when it ends, and cancels when the host says so. The host
// side is export-service.ts, which terminates the thread once the outcome arrives.
import { parentPort, receiveMessageOnPort, workerData } from 'node:worker_threads';
import { runExportJob, type ExportJobSpec } from './export-job';
import type { ExportHostMessage, ExportWorkerMessage } from './export-protocol';

const port = parentPort;
if (!port) throw new Error('export.worker must run in a worker thread');
const post = (message: ExportWorkerMessage) => port.postMessage(message);
const controller = new AbortController();

const onMessage = (message: ExportHostMessage) => {
  if (message.type === 'cancel') controller.abort();
};
// A cancel sent while this thread was starting is already queued: take it before any work.
for (let queued = receiveMessageOnPort(port); queued; queued = receiveMessageOnPort(port))
  onMessage(queued.message as ExportHostMessage);
port.on('message', onMessage);

void runExportJob(workerData as ExportJobSpec, {
  signal: controller.signal,
  onProgress: (progress) => post({ type: 'progress', progress }),
}).then((outcome) => post({ type: 'finished', outcome }));
