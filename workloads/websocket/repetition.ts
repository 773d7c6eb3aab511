import { performance } from 'node:perf_hooks';
import { backendLabel, type Backend } from '../../src/backends/types.js';
import { decodeHistogram, percentileMs, percentilesMs } from '../../src/kernel/histogram.js';
import { numberParam, type CaseParams, type Prepared, type Repetition, type WarmContext } from '../../src/workloads/types.js';
import { causeOf, modeOf, pointKey, readServing } from '../../src/suites/server-rig.js';
import { startCluster } from '../../src/suites/websocket/cluster.js';
import { checkOpenFiles } from '../../src/suites/websocket/open-files.js';
import type { DriverJob } from '../../src/suites/websocket/protocol.js';
import { WebSocketRig } from '../../src/suites/websocket/rig.js';
import { LOOPBACK } from '../../src/suites/websocket/protocol.js';
import type { RunningServer, ServerMode } from '../../src/suites/websocket/running-server.js';

/** A processes side's IPC variant becomes the serialization of the primary's broadcast relay. */
function startServer(mode: ServerMode, backend: Backend): Promise<RunningServer> {
  // Loaded when a run needs it: `ws` stays out of `lab list` and `lab --help`.
  if (mode !== 'cluster') return import('../../src/suites/websocket/running-server.js').then(({ startInProcess }) => startInProcess(mode, backend));
  return startCluster(backend.poolSize, backend.variant === 'advanced' ? 'advanced' : 'json');
}

function jobOf(params: CaseParams, seed: number, url: string): DriverJob {
  return {
    url,
    connections: numberParam(params, 'connections'),
    openConcurrency: numberParam(params, 'openConcurrency'),
    messagesPerConnection: numberParam(params, 'messagesPerConnection'),
    payloadBytes: numberParam(params, 'payloadBytes'),
    broadcasts: numberParam(params, 'broadcasts'),
    cpuSteps: numberParam(params, 'cpuSteps'),
    seed,
  };
}

/** The suite's rig for a run: servers and clients kept across the repetitions of a point. */
export function openWebSocketRig(): Prepared {
  const rig = new WebSocketRig();
  return { value: rig, close: () => rig.close() };
}

/** One repetition: the server of this side (started by the first), one load, its figures. */
export async function runWebSocket({ backend, params, seed, prepared }: WarmContext): Promise<Repetition> {
  const rig = prepared as WebSocketRig;
  const connections = numberParam(params, 'connections');
  checkOpenFiles(connections);
  const mode = modeOf(backend);
  const side = backendLabel(backend);
  const point = pointKey(params);
  let server: RunningServer | undefined;
  try {
    server = await rig.server(point, side, backend, () => startServer(mode, backend));
    if (server.address !== LOOPBACK) throw new Error(`the ${mode} server listens on ${server.address}, not ${LOOPBACK}`);
    const driver = await rig.client(point);

    const before = await readServing(server.pids(), { pss: false });
    const started = performance.now();
    const outcome = await driver.run(jobOf(params, seed, server.url));
    const after = await readServing(server.pids());
    const windowMs = performance.now() - started;
    const broken = server.failure();
    if (broken) throw new Error(broken);

    const setup = percentilesMs(decodeHistogram(outcome.setupHistogram));
    const broadcast = decodeHistogram(outcome.broadcastHistogram);
    // The cluster is the processes side's server: all of its memory, not the idle pool's, is what the result carries.
    const clusterMemory =
      mode === 'cluster'
        ? { perAgentRssBytes: after.rssBytes / connections, ...(after.pssBytes === null ? {} : { perAgentPssBytes: after.pssBytes / connections }) }
        : {};
    return {
      operations: outcome.echoMessages,
      durationMs: outcome.echoMs,
      latency: decodeHistogram(outcome.echoHistogram),
      // Echo and broadcast digests are pure functions of seed, connection, message and cpuSteps; payloads came back byte for byte.
      checksum: outcome.checksum,
      metrics: {
        setupP50Ms: setup.p50,
        setupP95Ms: setup.p95,
        setupP99Ms: setup.p99,
        connectMs: outcome.connectMs,
        connections: outcome.openConnections,
        broadcastP50Ms: percentileMs(broadcast, 50),
        broadcastP99Ms: percentileMs(broadcast, 99),
        broadcastMaxMs: percentileMs(broadcast, 100),
        // A repetition with any failed connection or wrong answer fails with its message: a completed one had none.
        errors: 0,
        bufferutil: outcome.bufferutil && server.bufferutil ? 1 : 0,
        serverProcesses: server.pids().length,
        serverCpuPercent: ((after.cpuMs - before.cpuMs) / windowMs) * 100,
        // The serving processes are the side's work (the runner's own reading would see an idle pool on the cluster side).
        workCpuPercent: ((after.cpuMs - before.cpuMs) / windowMs) * 100,
        serverRssBytes: after.rssBytes,
        driverCpuPercent: outcome.cpuPercent,
        ...clusterMemory,
      },
    };
  } catch (error) {
    const failure = await causeOf(server, error);
    await rig.discard(point, side);
    throw failure;
  }
}
