// Worker thread: lints the files the main thread sends, one message per file. The main thread
// ends this thread when a file breaks its time or memory budget.
import { parentPort } from 'node:worker_threads';
import { lintFile, type FileWork } from './lint.js';

parentPort?.on('message', (m: { i: number; work: FileWork }) => {
  lintFile(m.work).then(
    (done) => parentPort!.postMessage({ i: m.i, done }),
    (e: Error) =>
      parentPort!.postMessage({
        i: m.i,
        error: { name: e.name, message: e.message },
      }),
  );
});
