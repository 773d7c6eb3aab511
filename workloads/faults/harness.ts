import { createBackend, parseSide } from '../../src/backends/registry.js';
import { warmEveryWorker } from '../../src/backends/warm.js';
import { messageOf } from '../../src/errors.js';
import { samplePids } from '../../src/measure/resources.js';
import type { FromHarness, HarnessConfig, ToHarness } from './protocol.js';

/**
 * The sacrificial parent of the faults workload: hosts one backend (its
 * worker threads, its children, or inline agents on its own event loop) and
 * runs the rounds the supervisor sends. Whatever a fault does to this process,
 * the lab's own process is not touched.
 */
const config = JSON.parse(process.argv[2]!) as HarnessConfig;
const backend = createBackend(parseSide(config.side), config.pool);
const slots = backend.poolSize * Math.max(1, config.pool.tasksPerWorker);

function send(message: FromHarness): void {
  process.send?.(message);
}

/** Every slot of every worker holds an agent at once: only a pool at full strength answers. */
const fillEverySlot = (): Promise<unknown> => warmEveryWorker(backend, 'faults', slots);

async function memory(): Promise<FromHarness> {
  const readings = [...(await samplePids([process.pid, ...backend.childPids()])).values()];
  const pss = readings.every((reading) => reading.pssBytes !== null) ? readings.reduce((total, reading) => total + reading.pssBytes!, 0) : null;
  return { type: 'memory', rssBytes: readings.reduce((total, reading) => total + reading.rssBytes, 0), pssBytes: pss };
}

process.on('message', (message: ToHarness) => {
  switch (message.type) {
    case 'round':
      // Submitted in order: the misbehaving task first, so it is first on its worker.
      message.tasks.forEach((args, index) =>
        backend.run({ workload: 'faults', handler: 'step', args }).then(
          (checksum) => send({ type: 'done', index, ok: true, checksum: checksum as string }),
          (error: unknown) => send({ type: 'done', index, ok: false, error: messageOf(error) }),
        ),
      );
      break;
    case 'recover':
      void fillEverySlot().then(() => send({ type: 'recovered' }));
      break;
    case 'memory':
      void memory().then(send);
      break;
    case 'close':
      void backend.destroy().finally(() => process.exit(0));
      break;
  }
});
// Orphaned (the lab died): leave at once; the pool's children follow when their channel closes.
process.on('disconnect', () => process.exit(0));

setInterval(() => send({ type: 'beat' }), config.beatMs);
await backend.start();
await fillEverySlot();
send({ type: 'ready' });
