import { performance } from 'node:perf_hooks';
import { backendLabel, type Backend } from '../../src/backends/types.js';
import { decodeHistogram, percentileMs } from '../../src/kernel/histogram.js';
import { combineChecksums, numberParam, stringParam, type Prepared, type Repetition, type WarmContext } from '../../src/workloads/types.js';
import { causeOf, modeOf, pointKey, readServing } from '../../src/suites/server-rig.js';
import { startCluster } from '../../src/suites/http/cluster.js';
import type { LoadOutcome } from '../../src/suites/http/protocol.js';
import { HttpRig } from '../../src/suites/http/rig.js';
import { startInProcess, type RunningServer } from '../../src/suites/http/running-server.js';
import { LIGHT_PATH, cpuPath, fetchOnce, type ServerMode } from '../../src/suites/http/server.js';

function startServer(mode: ServerMode, backend: Backend, workers: number): Promise<RunningServer> {
  return mode === 'cluster' ? startCluster(workers) : startInProcess(mode, backend);
}

function describeFailures(outcome: LoadOutcome): string {
  return `${outcome.responses} responses, ${outcome.non2xx} non-2xx, ${outcome.errors} errors (${outcome.timeouts} timeouts), ${outcome.resets} resets`;
}

/** The suite's rig for a run: servers and clients kept across the repetitions of a point. */
export function openHttpRig(): Prepared {
  const rig = new HttpRig();
  return { value: rig, close: () => rig.close() };
}

/** One repetition: the server of this side (started by the first), one load, its figures. */
export async function runHttp({ backend, params, seed, prepared }: WarmContext): Promise<Repetition> {
  const rig = prepared as HttpRig;
  const mode = modeOf(backend);
  const side = backendLabel(backend);
  const point = pointKey(params);
  const workers = numberParam(params, 'poolSize');
  let server: RunningServer | undefined;
  try {
    server = await rig.server(point, side, backend, () => startServer(mode, backend, workers));
    const loadGenerator = await rig.client(point);
    const endpoint = stringParam(params, 'endpoint');
    const path = endpoint === 'light' ? LIGHT_PATH : cpuPath({ seed, steps: numberParam(params, 'cpuSteps') });
    const url = `${server.url}${path}`;
    const probe = await fetchOnce(url);
    if (probe.status !== 200) throw new Error(`the probe GET ${path} answered ${probe.status}: ${probe.body.slice(0, 200)}`);

    const before = await readServing(server.pids(), { pss: false });
    const started = performance.now();
    const outcome = await loadGenerator.run({
      url,
      connections: numberParam(params, 'connections'),
      durationMs: numberParam(params, 'durationMs'),
      expectBody: probe.body,
    });
    const after = await readServing(server.pids());
    const windowMs = performance.now() - started;
    const broken = server.failure();
    if (broken) throw new Error(broken);
    if (outcome.responses2xx === 0) throw new Error(`no request succeeded: ${describeFailures(outcome)}`);

    const latency = decodeHistogram(outcome.histogram);
    // The cluster is the processes side's server: its memory is what the result should carry.
    const clusterMemory =
      mode === 'cluster'
        ? { perAgentRssBytes: after.rssBytes / workers, ...(after.pssBytes === null ? {} : { perAgentPssBytes: after.pssBytes / workers }) }
        : {};
    return {
      operations: outcome.responses2xx,
      durationMs: outcome.elapsedMs,
      latency,
      // The probe's body is a pure function of the endpoint, seed and cpuSteps; request counts are not.
      checksum: combineChecksums(['http', endpoint, probe.body]),
      metrics: {
        requestsPerSec: outcome.responses / (outcome.elapsedMs / 1000),
        errors: outcome.errors,
        timeouts: outcome.timeouts,
        non2xx: outcome.non2xx,
        mismatches: outcome.mismatches,
        resets: outcome.resets,
        latencyP99_9Ms: percentileMs(latency, 99.9),
        autocannonP50Ms: outcome.autocannonLatencyMs.p50,
        autocannonP97_5Ms: outcome.autocannonLatencyMs.p97_5,
        autocannonP99Ms: outcome.autocannonLatencyMs.p99,
        autocannonP99_9Ms: outcome.autocannonLatencyMs.p99_9,
        autocannonMaxMs: outcome.autocannonLatencyMs.max,
        serverProcesses: server.pids().length,
        serverCpuPercent: ((after.cpuMs - before.cpuMs) / windowMs) * 100,
        // The serving processes are the side's work (the runner's own reading would see an idle pool on the cluster side).
        workCpuPercent: ((after.cpuMs - before.cpuMs) / windowMs) * 100,
        serverRssBytes: after.rssBytes,
        loadGeneratorCpuPercent: outcome.cpuPercent,
        ...clusterMemory,
      },
    };
  } catch (error) {
    const failure = await causeOf(server, error);
    await rig.discard(point, side);
    throw failure;
  }
}
