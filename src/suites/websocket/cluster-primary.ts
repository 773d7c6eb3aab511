import cluster, { type Address, type Worker } from 'node:cluster';
import { fileURLToPath } from 'node:url';
import { bufferutilInUse } from './bufferutil.js';
import type { ClusterReply, IpcSerialization, RelayMessage } from './protocol.js';

/**
 * The cluster primary, a child of the lab rather than the lab itself: it
 * forks `workers` cluster workers that share one loopback port, tells the lab
 * where they listen, relays every broadcast a worker originates to the other
 * workers, and reports any worker that dies. It leaves, taking its workers
 * with it, when the lab closes its IPC channel (to stop it, or by dying);
 * workers whose primary dies outright leave when their IPC channel closes.
 */
const workers = Number(process.argv[2]);
const serialization = process.argv[3] as IpcSerialization;

const send = (message: ClusterReply): void => {
  if (process.connected) process.send!(message);
};

cluster.setupPrimary({
  exec: fileURLToPath(new URL('./cluster-worker.js', import.meta.url)),
  execArgv: [],
  args: [serialization],
  serialization,
});

const listening = new Map<number, Address>();
let stopping = false;

const live = (): Worker[] =>
  Object.values(cluster.workers ?? {}).filter((worker): worker is Worker => worker !== undefined && !worker.isDead());

cluster.on('listening', (worker, address) => {
  listening.set(worker.process.pid!, address);
  if (listening.size === workers) {
    send({ type: 'listening', address: address.address, port: address.port, workerPids: [...listening.keys()], bufferutil: bufferutilInUse() });
  }
});

// The pub/sub hop of a clustered WebSocket server: the worker that received a
// broadcast request has sent it to its own connections; every other worker
// sends it to theirs.
cluster.on('message', (from, message: RelayMessage) => {
  if (message?.type !== 'relay') return;
  for (const worker of live()) if (worker !== from && worker.isConnected()) worker.send(message);
});

const STOP_GRACE_MS = 2000;

/** Leaves once every worker has exited and been reaped here, so none is left a zombie or an orphan. */
function stop(): void {
  if (stopping) return;
  stopping = true;
  if (live().length === 0) process.exit(0);
  for (const worker of live()) worker.process.kill('SIGTERM');
  setTimeout(() => {
    for (const worker of live()) worker.process.kill('SIGKILL');
    setTimeout(() => process.exit(0), 200).unref();
  }, STOP_GRACE_MS).unref();
}

cluster.on('exit', (worker, code, signal) => {
  if (!stopping) send({ type: 'worker-exit', pid: worker.process.pid!, code, signal });
  else if (live().length === 0) process.exit(0);
});

// The lab decides when the cluster stops: Ctrl-C reaches the whole process group.
process.on('SIGINT', () => {});
// Stopped by the lab, or orphaned by it: either way the IPC channel closes.
process.on('disconnect', stop);

for (let index = 0; index < workers; index++) cluster.fork();
