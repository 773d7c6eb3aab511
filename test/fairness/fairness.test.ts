import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { after, before, describe, it } from 'node:test';
import { runFixture } from '../../fixtures/run-scenario.js';
import { ProcessPool } from '../../src/backends/process-pool.js';
import { decodeHistogram } from '../../src/kernel/histogram.js';
import { liveChildren } from '../../src/measure/process-tree.js';
import { ResourceMonitor, samplePids } from '../../src/measure/resources.js';
import type { RunResult } from '../../src/result/types.js';
import type { TraceEvent } from '../../src/runner/run-group.js';
import { loadScenario } from '../../src/scenario/load.js';
import { planScenario } from '../../src/scenario/plan.js';

const CHILD = fileURLToPath(new URL('../../src/backends/process-child.js', import.meta.url));

/** One real run of every core workload on every backend; each rule below is checked against it. */
describe('fairness rules on a real run', () => {
  let result: RunResult;
  const trace: TraceEvent[] = [];
  const traceAt: number[] = [];
  /** Held out from the lab's own accounting: every PID of the test process and its children, summed, every few ms. */
  const heldOut: Array<{ at: number; rssBytes: number; children: number }> = [];
  const directory = mkdtempSync(path.join(os.tmpdir(), 'lab-fairness-'));

  before(async () => {
    let sampling = true;
    const sampler = (async () => {
      while (sampling) {
        const at = performance.now();
        const children = liveChildren();
        const readings = await samplePids([process.pid, ...children]);
        heldOut.push({ at, rssBytes: [...readings.values()].reduce((total, r) => total + r.rssBytes, 0), children: children.length });
        await new Promise((resolve) => setTimeout(resolve, 5));
      }
    })();
    try {
      result = (
        await runFixture('tiny.json', directory, {}, (event) => {
          trace.push(event);
          traceAt.push(performance.now());
        })
      ).result;
    } finally {
      sampling = false;
      await sampler;
    }
  });
  after(() => rmSync(directory, { recursive: true, force: true }));

  it('runs every case to completion on all four sides', () => {
    const errored = result.cases.filter((item) => item.state !== 'completed');
    assert.deepEqual(errored.map((item) => `${item.id}: ${item.error}`), []);
    assert.equal(result.cases.length, 8 * 4);
  });

  it('rule 1, same work: every backend returns the same checksum for the same seed and parameters', () => {
    const byPoint = new Map<string, Set<string>>();
    for (const item of result.cases) {
      const key = `${item.workload} ${JSON.stringify(item.params)}`;
      if (!byPoint.has(key)) byPoint.set(key, new Set());
      for (const sample of item.samples) byPoint.get(key)!.add(sample.checksum);
    }
    assert.equal(byPoint.size, 8);
    for (const [key, checksums] of byPoint) assert.equal(checksums.size, 1, `${key}: ${[...checksums].join(' ≠ ')}`);
  });

  it('rule 2, warm vs cold: pools start and warm up before any timed repetition, and spawn is timed only in the spawn workload', () => {
    const groups = new Set(trace.map((event) => event.group));
    assert.equal(groups.size, 8);
    for (const group of groups) {
      const events = trace.filter((event) => event.group === group);
      const cold = group.startsWith('spawn/');
      for (const side of new Set(events.map((event) => event.side))) {
        const index = (type: TraceEvent['type']): number => events.findIndex((e) => e.side === side && e.type === type);
        const firstTimed = index('repetition');
        assert.ok(index('warmup') >= 0 && index('warmup') < firstTimed, `${group} ${side}: warm-up before timing`);
        if (cold) assert.equal(index('start'), -1, `${group} ${side}: the spawn workload starts its own pools`);
        else assert.ok(index('start') >= 0 && index('start') < index('warmup'), `${group} ${side}: pool started before warm-up`);
      }
    }
    for (const item of result.cases) {
      if (item.workload === 'spawn') {
        assert.equal(item.summary!.poolStartMs, undefined);
        // The timed interval is the spawn itself: creation until every agent (2 here) has answered from a home of its own.
        for (const sample of item.samples) {
          assert.ok(sample.metrics.spawnMs! > 0 && sample.metrics.spawnMs === sample.durationMs, `${item.id}: spawnMs is the timed span`);
          assert.equal(sample.metrics.distinctWorkers, item.backend === 'inline' ? 1 : 2, `${item.id}: one worker or child per agent`);
          assert.equal(sample.metrics.firstTaskMs, undefined, `${item.id}: with 2 agents the pools' first task is not the same interval`);
        }
      } else {
        assert.ok(item.summary!.poolStartMs! >= 0, `${item.id} records its pool start separately`);
        assert.equal(item.summary!.spawnMs, undefined, `${item.id} has no spawn figure in steady state`);
      }
    }
  });

  it('rule 3, same latency definition: every side of a point times the same events, as many per repetition', () => {
    // The definition is stated once per workload; what can break the rule is a side timing something else (per batch
    // rather than per message, say). Every side of a point did the same work, so each repetition's histogram must
    // hold the same number of latencies on every side, and as many as the definition implies (at least one each).
    for (let index = 0; index < result.cases.length; index += 4) {
      const sides = result.cases.slice(index, index + 4);
      const counts = sides.map((item) => item.samples.map((sample) => decodeHistogram(sample.latencyHistogram).totalCount).join(','));
      assert.equal(new Set(counts).size, 1, `${sides[0]!.workload} ${JSON.stringify(sides[0]!.params)}: ${counts.join(' ≠ ')}`);
      assert.ok(sides.every((item) => item.samples.every((sample) => decodeHistogram(sample.latencyHistogram).totalCount > 0)));
      assert.equal(new Set(sides.map((item) => item.summary!.latencyDefinition)).size, 1);
    }
  });

  it('rule 4, all the memory: each side is measured with no other side alive, and a held-out sum over every PID agrees within ±15 %', () => {
    const alone = trace.flatMap((event, index) => (event.type === 'alone' ? [{ event, at: traceAt[index]! }] : []));
    let measured = 0;
    for (const item of result.cases) {
      const memory = item.summary!.memory;
      if (memory.pssBytes !== null) assert.ok(memory.pssBytes <= memory.rssBytes * 1.01, `${item.id}: PSS never exceeds RSS`);
      if (item.workload === 'spawn') continue; // cold: every run starts and stops its own pool
      const mine = alone.findIndex(({ event }) => `${event.group}/${event.side}` === item.id);
      assert.ok(mine >= 0 && item.memoryAlone, `${item.id} has a pass alone`);
      assert.match(memory.accounting, /measured alone/);
      // The side's window: from its pass alone to the next pass or the next point's start.
      const from = alone[mine]!.at;
      const next = traceAt.find((at, index) => at > from && (trace[index]!.type === 'alone' || trace[index]!.type === 'start'));
      const window = heldOut.filter((reading) => reading.at >= from && reading.at <= (next ?? Infinity));
      const pool = item.backend === 'processes' ? 2 : 0;
      assert.equal(item.memoryAlone!.processes, 1 + pool, `${item.id}: the orchestrator and every child of the side`);
      // The sampler shares the event loop with inline agents: a pass of a few milliseconds may finish between two readings.
      if (window.length < 2) {
        assert.notEqual(item.backend, 'processes', `${item.id}: a pool start takes long enough for the sampler to see it`);
        continue;
      }
      assert.equal(Math.max(...window.map((reading) => reading.children)), pool, `${item.id}: no other side's children alive during its pass`);
      const peak = Math.max(...window.map((reading) => reading.rssBytes));
      const measuredPeak = Math.max(...item.memoryAlone!.peaks.map((reading) => reading.rssBytes));
      assert.ok(Math.abs(measuredPeak / peak - 1) <= 0.15, `${item.id}: ${measuredPeak} against a held-out ${peak}`);
      // The figure is the run's base plus what the side added to the orchestrator idle just before it, and its children.
      assert.equal(memory.rssBytes, memory.baselineRssBytes + Math.max(0, measuredPeak - item.memoryAlone!.idle.rssBytes));
      if (item.backend === 'processes') assert.ok(memory.rssBytes > memory.baselineRssBytes + 2 * 20 * 1024 * 1024, `${item.id}: two children of ≥ 20 MiB each`);
      assert.ok(memory.idlePoolRssBytes! >= memory.baselineRssBytes * 0.95, `${item.id}: the idle pool holds at least the idle orchestrator`);
      measured++;
    }
    assert.ok(measured >= 7 * 2, `${measured} sides checked against the held-out sampler, every processes side among them`);
  });

  it('rule 5, paired and shuffled: every round runs each side once, back to back, in an order shuffled per round from the seed', () => {
    const orders = new Set<string>();
    for (let index = 0; index < result.cases.length; index += 4) {
      const sides = result.cases.slice(index, index + 4);
      const timed = sides
        .flatMap((item) => item.samples.map((sample) => ({ side: item.backend + item.variant, order: sample.order, round: sample.round! })))
        .sort((a, b) => a.order - b.order);
      const rounds = [...new Set(timed.map((entry) => entry.round))];
      assert.equal(rounds.length, 2, `${sides[0]!.id}: two rounds`);
      for (const [position, round] of rounds.entries()) {
        const block = timed.slice(position * 4, position * 4 + 4);
        assert.ok(block.every((entry) => entry.round === round), `${sides[0]!.id}: round ${round} runs back to back`);
        assert.equal(new Set(block.map((entry) => entry.side)).size, 4, `${sides[0]!.id}: round ${round} runs each side once`);
        orders.add(block.map((entry) => entry.side).join(' '));
      }
    }
    assert.ok(orders.size > 2, `orders are shuffled, not one fixed rotation: ${[...orders].join(' | ')}`);
  });

  it('rule 5, reproducible: the same seed gives the same order of sides in every round', async () => {
    const again = await runFixture('tiny.json', directory, { filter: 'exploration' });
    const sequence = (run: RunResult): string =>
      run.cases
        .filter((item) => item.workload === 'exploration')
        .flatMap((item) => item.samples.map((sample) => ({ side: item.backend + item.variant, order: sample.order })))
        .sort((a, b) => a.order - b.order)
        .map((entry) => entry.side)
        .join(' ');
    assert.equal(sequence(again.result), sequence(result));
  });

  it('rule 7, honest statistics: raw samples and their spread are kept, and every threads/processes ratio has an interval, a p-value and a verdict', () => {
    for (const item of result.cases) {
      assert.equal(item.samples.length, 2);
      assert.ok(item.samples.every((sample) => sample.latencyHistogram.length > 0));
      assert.equal(item.summary!.throughput.n, 2);
    }
    const ratios = result.comparisons.filter((comparison) => comparison.a === 'threads' && comparison.b.startsWith('processes'));
    const throughput = ratios.filter((comparison) => comparison.metric === 'throughputPerSec');
    assert.equal(throughput.length, 8 * 2, 'one throughput ratio per point and processes variant');
    assert.ok(ratios.some((comparison) => comparison.metric === 'communicationShare'));
    for (const comparison of ratios) {
      assert.ok(Number.isFinite(comparison.ratio));
      assert.equal(comparison.ci95.length, 2);
      if (comparison.metric === 'throughputPerSec') assert.equal(comparison.rounds, 2, 'paired over both rounds');
      assert.ok(['a', 'b', 'same', 'undecided'].includes(comparison.verdict));
    }
    // Two rounds are too few for a paired verdict: the lab says so instead of guessing, and never calls them "same".
    for (const comparison of throughput) {
      assert.equal(comparison.verdict, 'undecided', `${comparison.workload}: ${comparison.ci95}`);
      assert.match(comparison.note!, /too few rounds \(2\)/);
    }
  });

  it('rule 8, pool size: the scenario sets it, "auto" means os.availableParallelism(), and the result records the CPUs', () => {
    assert.equal(result.scenario.poolSize, 2);
    assert.equal(result.env.availableParallelism, os.availableParallelism());
    assert.ok(result.env.cpus >= 1);
    const { scenario } = loadScenario('quick');
    assert.equal(planScenario(scenario).poolSize, os.availableParallelism());
    // The pools really had that size: each processes side's pass alone counted the orchestrator and poolSize children.
    for (const item of result.cases.filter((c) => c.backend === 'processes' && c.memoryAlone)) {
      assert.equal(item.memoryAlone!.processes, 1 + result.scenario.poolSize, item.id);
    }
  });

  it('streams each finished case to the journal', () => {
    const journal = readFileSync(path.join(directory, `${result.runId}.jsonl`), 'utf8').trim().split('\n');
    const types = journal.map((line) => (JSON.parse(line) as { type: string }).type);
    assert.equal(types[0], 'run');
    assert.equal(types.filter((type) => type === 'case').length, result.cases.length);
    assert.equal(types.filter((type) => type === 'point').length, result.points!.length, 'each point’s record after its cases');
  });
});

describe('resource sampling', () => {
  it('sums the memory of every child process, not just one', async () => {
    const pool = new ProcessPool({ filename: CHILD, size: 3, tasksPerChild: 1, serialization: 'json', taskTimeoutMs: 0 });
    try {
      await pool.start();
      const monitor = new ResourceMonitor(() => pool.pids());
      await monitor.start();
      await pool.run({ workload: 'spawn', handler: 'noop', args: null });
      const usage = await monitor.stop();
      const each = await samplePids(pool.pids());
      const smallest = Math.min(...[...each.values()].map((reading) => reading.rssBytes));
      assert.equal(usage.childCount, 3);
      assert.ok(usage.childRssBytes >= 3 * smallest * 0.9, `${usage.childRssBytes} covers three children of ≥ ${smallest}`);
      if (usage.childPssBytes !== null) assert.ok(usage.childPssBytes < usage.childRssBytes);
    } finally {
      await pool.destroy();
    }
  });
});
