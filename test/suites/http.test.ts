import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, readdirSync, readlinkSync, rmSync } from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { after, before, describe, it } from 'node:test';
import { runFixture } from '../../fixtures/run-scenario.js';
import { createBackend, parseSide } from '../../src/backends/registry.js';
import type { Backend } from '../../src/backends/types.js';
import { childrenOf, isAlive } from '../../src/measure/process-tree.js';
import type { RunResult } from '../../src/result/types.js';
import { http } from '../../workloads/http/driver.js';
import type { CaseParams, Prepared } from '../../src/workloads/types.js';

interface Listener {
  pid: number;
  address: string;
  port: number;
}

/** Every process below this one, children first. */
function descendants(pid = process.pid): number[] {
  return childrenOf(pid).flatMap((child) => [child, ...descendants(child)]);
}

/** `0100007F:1F90` (little-endian IPv4, hex port) or its 32-hex-digit IPv6 form, as address and port. */
function parseLocal(hex: string): { address: string; port: number } {
  const [host, port] = hex.split(':') as [string, string];
  const bytes = (text: string): number[] => text.match(/../g)!.map((byte) => parseInt(byte, 16)).reverse();
  const address =
    host.length === 8
      ? bytes(host).join('.')
      : host === '0000000000000000FFFF00000100007F'
        ? '::ffff:127.0.0.1'
        : host.match(/.{8}/g)!.map((word) => bytes(word).map((b) => b.toString(16).padStart(2, '0')).join('')).join(':');
  return { address, port: parseInt(port, 16) };
}

/** Listening TCP sockets (from /proc/net/tcp and tcp6) held by this process or any process below it. */
function listeners(): Listener[] {
  const listening = new Map<string, { address: string; port: number }>();
  for (const table of ['/proc/net/tcp', '/proc/net/tcp6']) {
    for (const line of readFileSync(table, 'utf8').trim().split('\n').slice(1)) {
      const fields = line.trim().split(/\s+/);
      if (fields[3] === '0A') listening.set(fields[9]!, parseLocal(fields[1]!));
    }
  }
  return [process.pid, ...descendants()].flatMap((pid) => {
    let fds: string[];
    try {
      fds = readdirSync(`/proc/${pid}/fd`);
    } catch {
      return [];
    }
    return fds.flatMap((fd) => {
      try {
        const inode = /^socket:\[(\d+)\]$/.exec(readlinkSync(`/proc/${pid}/fd/${fd}`))?.[1];
        const found = inode === undefined ? undefined : listening.get(inode);
        return found ? [{ pid, ...found }] : [];
      } catch {
        return [];
      }
    });
  });
}

function refused(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = net.connect(port, '127.0.0.1');
    socket.once('connect', () => (socket.destroy(), resolve(false)));
    socket.once('error', () => resolve(true));
  });
}

/** Waits (a little) for processes that are on their way out. */
async function goneWithin(pids: readonly number[], ms = 3000): Promise<number[]> {
  const deadline = Date.now() + ms;
  while (pids.some(isAlive) && Date.now() < deadline) await sleep(25);
  return pids.filter(isAlive);
}

describe('http suite: autocannon against inline, offloading and cluster servers', () => {
  const directory = mkdtempSync(path.join(os.tmpdir(), 'lab-http-'));
  const seen: Listener[] = [];
  const seenPids = new Set<number>();
  let result: RunResult;

  before(async () => {
    result = (
      await runFixture('http.json', directory, {}, (event) => {
        if (event.type !== 'repetition') return;
        seen.push(...listeners());
        for (const pid of descendants()) seenPids.add(pid);
      })
    ).result;
  });
  after(() => rmSync(directory, { recursive: true, force: true }));

  it('runs both endpoints on inline, threads and processes with throughput and ordered percentiles', () => {
    assert.deepEqual(result.cases.filter((item) => item.state !== 'completed').map((item) => `${item.id}: ${item.error}`), []);
    assert.equal(result.cases.length, 2 * 3);
    for (const item of result.cases) {
      const summary = item.summary!;
      assert.equal(item.suite, 'http');
      assert.ok(summary.throughputPerSec > 0 && summary.metrics.requestsPerSec! > 0, item.id);
      assert.ok(summary.latencyMs.p50 > 0 && summary.latencyMs.p99 >= summary.latencyMs.p50, item.id);
      assert.ok(summary.latencyMs.p99_9 >= summary.latencyMs.p99, item.id);
      assert.equal(summary.metrics.serverProcesses, item.backend === 'processes' ? 3 : 1, 'a cluster of poolSize workers under its primary');
      // The cluster serves the processes side: the runner starts no pool for it (threads' pool does the belief updates).
      if (item.backend === 'processes') assert.equal(summary.poolStartMs, undefined, `${item.id}: no idle pool started`);
      if (item.backend === 'threads') assert.ok(summary.poolStartMs! > 0, `${item.id}: its pool started`);
    }
  });

  it('takes CPU from the processes that serve: the cluster on processes, not the idle pool; the lab process’s share apart', () => {
    for (const item of result.cases) {
      for (const sample of item.samples) {
        assert.equal(sample.cpuPercent, sample.metrics.workCpuPercent, `${item.id}: the serving processes' CPU is the side's`);
        assert.equal(typeof sample.orchestratorCpuPercent, 'number', item.id);
      }
    }
    // The cpu endpoint keeps the cluster busy: its CPU is far above an idle pool's few percent.
    const cluster = result.cases.find((item) => item.backend === 'processes' && item.params.endpoint === 'cpu')!;
    assert.ok(cluster.summary!.cpuPercent > 50, `cluster CPU ${cluster.summary!.cpuPercent} %`);
  });

  it('records errors, timeouts, non-2xx and body mismatches in every repetition', () => {
    for (const sample of result.cases.flatMap((item) => item.samples)) {
      for (const name of ['errors', 'timeouts', 'non2xx', 'mismatches', 'resets']) {
        assert.equal(typeof sample.metrics[name], 'number', name);
      }
    }
  });

  it('returns the probe’s checksum, the same on every side, per endpoint', () => {
    for (const endpoint of ['light', 'cpu']) {
      const checksums = new Set(result.cases.filter((item) => item.params.endpoint === endpoint).flatMap((item) => item.samples.map((s) => s.checksum)));
      assert.equal(checksums.size, 1, `${endpoint}: ${[...checksums].join(' ≠ ')}`);
    }
  });

  it('listened on 127.0.0.1 only, in the lab (inline, offload) and in a cluster primary', () => {
    assert.ok(seen.length > 0, 'saw the servers while the run went on');
    assert.deepEqual([...new Set(seen.map((item) => item.address))], ['127.0.0.1']);
    assert.ok(seen.some((item) => item.pid === process.pid), 'an in-process server');
    assert.ok(seen.some((item) => item.pid !== process.pid), 'a cluster server');
  });

  it('leaves no process of the run and no listening socket behind', async () => {
    assert.ok(seenPids.size >= 4, 'saw the load generator, the cluster and the pool');
    assert.deepEqual(await goneWithin([...seenPids]), []);
    assert.deepEqual(listeners(), []);
    for (const port of new Set(seen.map((item) => item.port))) assert.ok(await refused(port), `port ${port} still accepts`);
  });
});

describe('http suite: failures are counted or fail the case, and nothing outlives it', () => {
  const params = (extra: CaseParams): CaseParams => ({ endpoint: 'cpu', connections: 2, durationMs: 300, cpuSteps: 5, poolSize: 2, ...extra });
  const backends: Backend[] = [];
  after(async () => Promise.all(backends.map((backend) => backend.destroy())));

  async function started(label: string): Promise<Backend> {
    const backend = createBackend(parseSide(label), { poolSize: 2, tasksPerWorker: 1, taskTimeoutMs: 10_000 });
    backends.push(backend);
    await backend.start();
    return backend;
  }

  it('counts failed requests as non-2xx and mismatches, and does not count them as throughput', async () => {
    const inline = await started('inline');
    let calls = 0;
    const flaky: Backend = {
      kind: 'inline',
      variant: 'default',
      poolSize: 1,
      start: () => inline.start(),
      open: (request) => inline.open(request),
      childPids: () => [],
      close: () => inline.close(),
      destroy: () => inline.destroy(),
      // The first call is the probe; after it, every second belief update fails.
      run: async (request) => {
        calls++;
        if (calls > 1 && calls % 2 === 0) throw new Error('injected failure');
        return inline.run(request);
      },
    };
    const prepared = await http.prepare!(params({}));
    try {
      const repetition = await http.run({ backend: flaky, params: params({}), seed: 3, prepared: prepared.value });
      const metrics = repetition.metrics!;
      assert.ok(metrics.non2xx! > 0 && metrics.mismatches! >= metrics.non2xx!, JSON.stringify(metrics));
      const responses = Math.round((metrics.requestsPerSec! * repetition.durationMs) / 1000);
      assert.ok(Math.abs(responses - (repetition.operations + metrics.non2xx!)) <= 1, 'throughput counts 2xx only');
    } finally {
      await prepared.close();
    }
  });

  it('fails the case, naming the worker, when a cluster worker dies mid-load; then stops the cluster', async () => {
    const backend = await started('processes:json');
    const prepared = await http.prepare!(params({}));
    const before = new Set(descendants());
    try {
      const running = http.run({ backend, params: params({ durationMs: 1500 }), seed: 3, prepared: prepared.value });
      await sleep(700);
      const children = childrenOf(process.pid);
      const worker = descendants().find((pid) => !before.has(pid) && !children.includes(pid));
      assert.ok(worker, 'found a cluster worker');
      process.kill(worker, 'SIGKILL');
      await assert.rejects(running, /cluster worker \d+ exited \(signal SIGKILL\)/);
      assert.deepEqual(await goneWithin(descendants().filter((pid) => !before.has(pid))), [], 'the cluster and the load generator are stopped on error');
    } finally {
      await prepared.close();
    }
  });

  it('closing the suite mid-repetition (Ctrl-C) stops the cluster, the load generator and the port at once', async () => {
    const backend = await started('processes:json');
    const prepared: Prepared = await http.prepare!(params({}));
    const before = new Set(descendants());
    const running = http.run({ backend, params: params({ durationMs: 5000 }), seed: 3, prepared: prepared.value });
    running.catch(() => {});
    await sleep(1000);
    const ports = listeners().filter((item) => item.pid !== process.pid).map((item) => item.port);
    assert.equal(ports.length, 1, 'the cluster listens');
    const closing = performance.now();
    await prepared.close();
    await assert.rejects(running);
    assert.ok(performance.now() - closing < 4000, 'did not wait for the load to end');
    assert.deepEqual(await goneWithin(descendants().filter((pid) => !before.has(pid))), []);
    assert.ok(await refused(ports[0]!));
  });
});
