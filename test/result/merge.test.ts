import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { after, describe, it } from 'node:test';
import { analyseRun } from '../../src/compare/analysis.js';
import { fingerprint, type Environment } from '../../src/measure/environment.js';
import { isMerged, mergeResults } from '../../src/result/merge.js';
import { RESULT_SCHEMA, type CaseResult, type RunResult, type Sample } from '../../src/result/types.js';
import { renderMachines } from '../../src/report/machines.js';

const CLI = fileURLToPath(new URL('../../src/cli.js', import.meta.url));

function sample(throughputPerSec: number, repetition: number): Sample {
  const latencyMs = { p50: 1000 / throughputPerSec, p95: 1200 / throughputPerSec, p99: 1500 / throughputPerSec };
  return {
    repetition, order: repetition, operations: 100, durationMs: 100, throughputPerSec, latencyMs, latencyHistogram: '', checksum: 'c',
    cpuPercent: 100, eventLoopUtilization: 0.5, rssBytes: 100e6, pssBytes: null, metrics: {},
  };
}

function side(backend: string, variant: string, poolSize: number, throughputPerSec: number): CaseResult {
  const params = { agents: 8, steps: 100, poolSize };
  return {
    id: `exploration/agents=8,steps=100,poolSize=${poolSize}/${variant === 'default' ? backend : `${backend}:${variant}`}`,
    suite: 'core', workload: 'exploration', backend, variant, params, agents: 8, state: 'completed',
    samples: [0, 1, 2, 3, 4, 5].map((n) => sample(throughputPerSec * (1 + n / 100), n)),
  };
}

/** A run of one machine: `cpus` CPUs, threads `speedup` times as fast as processes. */
function run(env: Partial<Environment>, cpus: number, speedup: number, scenario = 'quick'): RunResult {
  return {
    schema: RESULT_SCHEMA, lab: { version: '0.1.0', commit: 'abc' }, runId: `${scenario}-${cpus}`, startedAt: `2026-01-0${cpus}T00:00:00Z`,
    finishedAt: `2026-01-0${cpus}T00:01:00Z`, complete: true,
    env: { ...fingerprint(), availableParallelism: cpus, usableCpus: cpus, cpuset: `0-${cpus - 1}`, ...env },
    scenario: { name: scenario, file: 'scenarios/quick.json', seed: 1, poolSize: cpus, warmup: 1, repeat: 6, backends: ['threads', 'processes:json'], filter: null },
    cases: [side('threads', 'default', cpus, 1000 * speedup), side('processes', 'json', cpus, 1000)],
    comparisons: [],
  };
}

describe('lab merge', () => {
  const directory = mkdtempSync(path.join(os.tmpdir(), 'lab-merge-'));
  after(() => rmSync(directory, { recursive: true, force: true }));

  it('keys machines by environment and shows each point once per machine', () => {
    const merged = mergeResults([
      { source: 'laptop.json', result: run({ hostname: 'laptop' }, 2, 1.0) },
      { source: 'server.json', result: run({ hostname: 'server' }, 16, 3.0) },
    ]);
    assert.deepEqual(merged.machines.map((machine) => machine.label), ['laptop-2cpu', 'server-16cpu']);
    assert.equal(new Set(merged.cases.map((item) => item.id)).size, 4);
    const points = analyseRun(merged).points;
    assert.deepEqual(points.map((point) => point.params.machine), ['laptop-2cpu', 'server-16cpu']);
    const ratios = points.map((point) => point.ratios.find((ratio) => ratio.metric === 'throughputPerSec')!);
    assert.ok(Math.abs(ratios[0]!.ratio - 1) < 0.01, `laptop ratio ${ratios[0]!.ratio}`);
    assert.ok(Math.abs(ratios[1]!.ratio - 3) < 0.03, `server ratio ${ratios[1]!.ratio}`);
  });

  it('tells the same host on two CPU sets apart', () => {
    const merged = mergeResults([
      { source: 'a.json', result: run({ hostname: 'vm' }, 2, 1) },
      { source: 'b.json', result: run({ hostname: 'vm', cpuset: '0' }, 1, 1) },
    ]);
    assert.equal(merged.machines.length, 2);
  });

  it('refuses two runs of the same environment with the same cases, and runs of different scenarios', () => {
    const one = run({ hostname: 'vm' }, 2, 1);
    assert.throws(() => mergeResults([{ source: 'a.json', result: one }, { source: 'b.json', result: one }]), /same environment/);
    assert.throws(
      () => mergeResults([{ source: 'a.json', result: one }, { source: 'b.json', result: run({ hostname: 'other' }, 2, 1, 'full') }]),
      /one scenario/,
    );
  });

  it('merges a merged file again without nesting machines', () => {
    const first = mergeResults([
      { source: 'a.json', result: run({ hostname: 'a' }, 2, 1) },
      { source: 'b.json', result: run({ hostname: 'b' }, 4, 1) },
    ]);
    const again = mergeResults([
      { source: 'ab.json', result: first },
      { source: 'c.json', result: run({ hostname: 'c' }, 8, 1) },
    ]);
    assert.deepEqual(again.machines.map((machine) => machine.label), ['a-2cpu', 'b-4cpu', 'c-8cpu']);
    assert.ok(again.cases.every((item) => !String(item.params.machine).includes('machine')));
  });

  it('renders the machines and the threads/processes ratio by CPU count', () => {
    const merged = mergeResults([
      { source: 'server.json', result: run({ hostname: 'server' }, 16, 3.0) },
      { source: 'laptop.json', result: run({ hostname: 'laptop' }, 2, 1.0) },
    ]);
    const text = renderMachines(merged, analyseRun(merged));
    assert.match(text, /Merged from 2 machines/);
    const header = text.split('\n').find((line) => line.startsWith('workload'))!;
    assert.ok(header.indexOf('laptop-2cpu (2 CPUs)') < header.indexOf('server-16cpu (16 CPUs)'), header);
    assert.match(text, /exploration +agents=8 steps=100 +1\.00 \[.*\] .* +3\.00 \[/);
  });

  it('lab merge writes a result that lab compare reads, with one line on stderr', () => {
    const files = ['laptop', 'server'].map((host, index) => {
      const file = path.join(directory, `${host}.json`);
      writeFileSync(file, JSON.stringify(run({ hostname: host }, index === 0 ? 2 : 16, 1 + index)));
      return file;
    });
    const out = path.join(directory, 'merged.json');
    const merge = spawnSync(process.execPath, [CLI, 'merge', ...files, '--out', out], { encoding: 'utf8' });
    assert.equal(merge.status, 0, merge.stderr);
    assert.match(merge.stderr, /merged 4 cases from 2 machines/);
    assert.ok(isMerged(JSON.parse(readFileSync(out, 'utf8')) as RunResult));
    const compare = spawnSync(process.execPath, [CLI, 'compare', out], { encoding: 'utf8' });
    assert.equal(compare.status, 0, compare.stderr);
    assert.match(compare.stderr, /threads\/processes throughput by machine/);
    const alone = spawnSync(process.execPath, [CLI, 'merge', files[0]!], { encoding: 'utf8' });
    assert.equal(alone.status, 2);
    assert.equal(alone.stderr.trim().split('\n').length, 1);
  });
});
