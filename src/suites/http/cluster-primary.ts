import cluster, { type Worker } from 'node:cluster';
import { fileURLToPath } from 'node:url';
import type { ClusterReply, ClusterRequest } from './protocol.js';

/**
 * The cluster primary, a child of the lab rather than the lab itself: it
 * forks `workers` cluster workers, tells the lab where they listen and
 * reports any that dies. Stopping it (or its IPC channel closing because the
 * lab died) takes its workers down with it.
 */
const workers = Number(process.argv[2]);
const STOP_GRACE_MS = 2000;

const send = (message: ClusterReply): void => {
  if (process.connected) process.send!(message);
};

cluster.setupPrimary({ exec: fileURLToPath(new URL('./cluster-worker.js', import.meta.url)), execArgv: [] });

const listening = new Set<number>();
/** Workers not yet reaped. cluster.workers forgets a worker at its disconnect, before it has exited. */
const running = new Set<Worker>();
let stopping = false;

function killWorkers(): void {
  for (const worker of running) worker.process.kill('SIGKILL');
}

/**
 * Graceful: each worker closes its server and leaves. The primary leaves once
 * every worker has exited and been reaped by it: a worker that outlived it
 * would be reparented, and linger as a zombie until something reaps it.
 */
function stop(): void {
  if (stopping) return;
  stopping = true;
  if (running.size === 0) process.exit(0);
  cluster.disconnect();
  // A worker that does not leave in time is killed; its exit event then lets the primary go.
  setTimeout(killWorkers, STOP_GRACE_MS).unref();
}

cluster.on('listening', (worker, address) => {
  listening.add(worker.process.pid!);
  if (listening.size === workers) {
    send({ type: 'listening', address: address.address, port: address.port, workerPids: [...listening] });
  }
});

cluster.on('exit', (worker, code, signal) => {
  running.delete(worker);
  if (!stopping) send({ type: 'worker-exit', pid: worker.process.pid!, code, signal });
  else if (running.size === 0) process.exit(0);
});

process.on('message', (message: ClusterRequest) => {
  if (message.type === 'stop') stop();
});
// The lab decides when the cluster stops: Ctrl-C reaches the whole process group.
process.on('SIGINT', () => {});
// Orphaned (the lab died or let go): take the workers down at once.
process.on('disconnect', () => {
  stopping = true;
  killWorkers();
  if (running.size === 0) process.exit(0);
});

for (let index = 0; index < workers; index++) running.add(cluster.fork());
