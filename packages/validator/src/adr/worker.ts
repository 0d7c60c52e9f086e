// Worker thread: takes files off the run's shared queue until it is empty, one message per file,
// then `end`. Each file's parse is cut off after fileTimeLimit here (withinTime); the main thread
// reports the current file and starts a fresh thread if this one dies (out of memory).
import { parentPort, workerData } from 'node:worker_threads';
import { drainQueue, type ThreadData, type ThreadMessage } from './lint.js';

const data = workerData as ThreadData;
const slots = new Int32Array(data.shared);
const send = (m: ThreadMessage): void => parentPort!.postMessage(m);

drainQueue(
  data,
  (i, done) => send({ i, done }),
  (i) => Atomics.store(slots, 1 + data.slot, i),
).then(
  () => send({ end: true }),
  (e: Error) => send({ error: { name: e.name, message: e.message } }),
);
