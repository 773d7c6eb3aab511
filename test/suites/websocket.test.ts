import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, readdirSync, readlinkSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { fixtureScenario, runFixture } from '../../fixtures/run-scenario.js';
import { childrenOf } from '../../src/measure/process-tree.js';
import type { CaseResult, RunResult } from '../../src/result/types.js';
import { runScenario } from '../../src/runner/runner.js';
import type { TraceEvent } from '../../src/runner/run-group.js';
import { loadScenario } from '../../src/scenario/load.js';
import { planScenario } from '../../src/scenario/plan.js';
import { checkOpenFiles } from '../../src/suites/websocket/open-files.js';

/** This process and every descendant, recursively. */
function processTree(pid = process.pid): number[] {
  return [pid, ...childrenOf(pid).flatMap((child) => processTree(child))];
}

/** Running, not exited: a zombie awaiting its parent's wait() counts as gone. */
function running(pid: number): boolean {
  try {
    return readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]![0] !== 'Z';
  } catch {
    return false;
  }
}

/** "127.0.0.1:PORT" for every IPv4/IPv6 TCP socket in LISTEN state, by socket inode. */
function listeningByInode(): Map<string, string> {
  const sockets = new Map<string, string>();
  for (const file of ['/proc/net/tcp', '/proc/net/tcp6']) {
    let text = '';
    try {
      text = readFileSync(file, 'utf8');
    } catch {
      continue;
    }
    for (const line of text.trim().split('\n').slice(1)) {
      const fields = line.trim().split(/\s+/);
      if (fields[3] !== '0A') continue;
      const [hexAddress, hexPort] = fields[1]!.split(':') as [string, string];
      const address =
        hexAddress.length === 8 ? (hexAddress.match(/../g) ?? []).reverse().map((byte) => parseInt(byte, 16)).join('.') : `[${hexAddress}]`;
      sockets.set(fields[9]!, `${address}:${parseInt(hexPort, 16)}`);
    }
  }
  return sockets;
}

/** Listening sockets held by these processes. */
function listeningIn(pids: readonly number[]): string[] {
  const listening = listeningByInode();
  const found: string[] = [];
  for (const pid of pids) {
    let fds: string[] = [];
    try {
      fds = readdirSync(`/proc/${pid}/fd`);
    } catch {
      continue;
    }
    for (const fd of fds) {
      try {
        const inode = /^socket:\[(\d+)\]$/.exec(readlinkSync(`/proc/${pid}/fd/${fd}`))?.[1];
        if (inode && listening.has(inode)) found.push(listening.get(inode)!);
      } catch {
        // closed meanwhile
      }
    }
  }
  return found;
}

/** Watches the run at every trace event: which processes and listening sockets it has. */
function watcher(): { seenPids: Set<number>; seenListening: Set<string>; trace: (event: TraceEvent) => void } {
  const seenPids = new Set<number>();
  const seenListening = new Set<string>();
  return {
    seenPids,
    seenListening,
    trace: () => {
      const tree = processTree();
      for (const pid of tree) if (pid !== process.pid) seenPids.add(pid);
      for (const address of listeningIn(tree)) seenListening.add(address);
    },
  };
}

function sideOf(item: CaseResult): string {
  return item.variant === 'default' ? item.backend : `${item.backend}:${item.variant}`;
}

describe('websocket suite against real ws servers', () => {
  const directory = mkdtempSync(path.join(os.tmpdir(), 'lab-ws-'));
  const watch = watcher();
  let result: RunResult;

  before(async () => {
    result = (await runFixture('websocket.json', directory, {}, watch.trace)).result;
  });
  after(() => rmSync(directory, { recursive: true, force: true }));

  it('measures setup, echo and broadcast on inline, threads and processes', () => {
    assert.deepEqual(result.cases.filter((item) => item.state !== 'completed').map((item) => `${item.id}: ${item.error}`), []);
    assert.deepEqual(result.cases.map(sideOf), ['inline', 'threads', 'processes:json']);
    for (const item of result.cases) {
      const { metrics, latencyMs, throughputPerSec, throughputUnit } = item.summary!;
      assert.equal(item.suite, 'websocket');
      assert.equal(throughputUnit, 'messages/s');
      assert.ok(throughputPerSec > 0, `${item.id}: throughput`);
      assert.ok(latencyMs.p50 > 0 && latencyMs.p99 >= latencyMs.p50, `${item.id}: echo RTT`);
      assert.ok(metrics.setupP50Ms! > 0 && metrics.setupP95Ms! >= metrics.setupP50Ms! && metrics.setupP99Ms! >= metrics.setupP95Ms!, `${item.id}: setup`);
      assert.ok(metrics.broadcastP50Ms! > 0 && metrics.broadcastP99Ms! >= metrics.broadcastP50Ms!, `${item.id}: broadcast`);
      assert.equal(metrics.connections, 20);
      assert.equal(metrics.errors, 0);
      assert.ok(metrics.bufferutil === 0 || metrics.bufferutil === 1);
      for (const sample of item.samples) assert.equal(sample.operations, 20 * 3);
    }
  });

  it('serves the processes side from a cluster: a primary and poolSize workers', () => {
    const cluster = result.cases.find((item) => item.backend === 'processes')!;
    assert.equal(cluster.summary!.metrics.serverProcesses, 1 + 2);
    assert.ok(cluster.summary!.memory.perAgentBytes > 0);
  });

  it('returns the same checksum on every side', () => {
    const checksums = new Set(result.cases.flatMap((item) => item.samples.map((sample) => sample.checksum)));
    assert.equal(checksums.size, 1, [...checksums].join(' ≠ '));
  });

  it('listens only on 127.0.0.1', () => {
    // Three servers (one per side) live across a point's repetitions, so the trace saw each listening.
    assert.ok(watch.seenListening.size >= 3, `saw ${[...watch.seenListening].join(', ')}`);
    for (const address of watch.seenListening) assert.match(address, /^127\.0\.0\.1:\d+$/);
  });

  it('leaves no process and no listening socket behind', () => {
    // The client driver, the cluster primary and its two workers, plus the processes side's idle pool.
    assert.ok(watch.seenPids.size >= 4, `saw ${watch.seenPids.size} processes`);
    assert.deepEqual([...watch.seenPids].filter(running), []);
    assert.deepEqual(childrenOf(process.pid).filter(running), []);
    assert.deepEqual(listeningIn([process.pid]), []);
  });

  it('stops every server, client and cluster worker when the run is interrupted', async () => {
    const interrupted = watcher();
    const controller = new AbortController();
    const { file, scenario } = loadScenario(fixtureScenario('websocket.json'));
    let timed = 0;
    const { result: partial } = await runScenario({
      scenarioName: scenario.name,
      scenarioFile: file,
      plan: planScenario(scenario),
      filter: null,
      resultsDir: directory,
      signal: controller.signal,
      trace: (event) => {
        interrupted.trace(event);
        // Every side has warmed up: its server, the cluster and the client driver are all running.
        if (event.type === 'repetition' && ++timed === 2) controller.abort();
      },
    });
    assert.equal(partial.complete, false);
    assert.ok(interrupted.seenPids.size >= 4 && interrupted.seenListening.size >= 3);
    assert.deepEqual([...interrupted.seenPids].filter(running), []);
    assert.deepEqual(listeningIn([process.pid]), []);
  });

  it('refuses more connections than ulimit -n allows, saying how to fix it', () => {
    assert.doesNotThrow(() => checkOpenFiles(900, 1024, 40));
    assert.throws(() => checkOpenFiles(5000, 1024, 40), /connections=5000 needs about 5104 open files .* ulimit -n is 1024: .*ulimit -n 8192.* at most 920 connections/);
  });
});
