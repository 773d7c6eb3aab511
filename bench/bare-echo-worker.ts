/**
 * Bare worker thread for bench/harness-overhead: every message from the
 * parent goes straight back on the Worker's own port.
 */
import { parentPort } from 'node:worker_threads';

const port = parentPort!;
port.on('message', (message: unknown) => port.postMessage(message));
