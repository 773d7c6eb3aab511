import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { after, describe, it } from 'node:test';
import { compareWithBaseline, selectChanges } from '../../src/compare/baseline.js';
import { loadThresholds } from '../../src/compare/thresholds.js';
import type { RunResult } from '../../src/result/types.js';
import { Random } from '../../src/kernel/random.js';

const CLI = fileURLToPath(new URL('../../src/cli.js', import.meta.url));
/** `lab run quick --filter exploration` on a busy 2-core machine, latency histograms emptied: real, and noisy. */
const FIXTURE = fileURLToPath(new URL('../../../fixtures/results/exploration-quick.json', import.meta.url));
const QUIET = 'exploration/agents=2,steps=2000,poolSize=2/threads';
const NOISY = 'exploration/agents=8,steps=2000,poolSize=2/processes:json';

function gaussian(random: Random): number {
  return Math.sqrt(-2 * Math.log(1 - random.next())) * Math.cos(2 * Math.PI * random.next());
}

/**
 * The fixture, with the QUIET case's throughput replaced by seeded noise of a
 * 3 % CV around its median, as on a quiet machine; NOISY keeps the real
 * spread of a busy one (CV about 90 %).
 */
function fixture(): RunResult {
  const run = JSON.parse(readFileSync(FIXTURE, 'utf8')) as RunResult;
  const random = new Random(42);
  const quiet = run.cases.find((item) => item.id === QUIET)!;
  for (const sample of quiet.samples) sample.throughputPerSec = quiet.summary!.throughputPerSec * Math.exp(0.03 * gaussian(random));
  return run;
}

/** A copy of a run with every throughput figure of one case (summary and samples) multiplied by a factor. */
function scaleCase(run: RunResult, caseId: string, factor: number): RunResult {
  const copy = structuredClone(run);
  const target = copy.cases.find((item) => item.id === caseId)!;
  target.summary!.throughputPerSec *= factor;
  for (const sample of target.samples) sample.throughputPerSec *= factor;
  return copy;
}

/**
 * A run of `count` cases built on the fixture's first case, each with
 * `repetitions` samples whose throughput has a log-scale spread of `logSd`
 * (seeded): two runs from different seeds are two runs of the same code.
 */
function syntheticRun(seed: number, count: number, repetitions: number, logSd: number): RunResult {
  const run = fixture();
  const template = run.cases[0]!;
  const random = new Random(seed);
  run.cases = Array.from({ length: count }, (_, index) => {
    const item = structuredClone(template);
    item.id = `synthetic/point=${index}/threads`;
    item.samples = Array.from({ length: repetitions }, (_, repetition) => ({
      ...structuredClone(template.samples[repetition % template.samples.length]!),
      repetition,
      throughputPerSec: 1000 * (1 + index) * Math.exp(logSd * gaussian(random)),
    }));
    return item;
  });
  return run;
}

describe('against a baseline: verdicts per case and metric', () => {
  const base = fixture();
  const thresholds = loadThresholds();

  it('fails a quiet case whose throughput fell 20 %, names it, and shows what it could detect', () => {
    const comparison = compareWithBaseline(base, scaleCase(base, QUIET, 0.8), thresholds);
    assert.deepEqual(comparison.failures.map((failure) => failure.caseId), [QUIET]);
    const failure = comparison.failures[0]!;
    assert.equal(failure.metric, 'throughputPerSec');
    assert.equal(failure.verdict, 'regression');
    assert.ok(Math.abs(failure.change + 0.2) < 1e-9);
    assert.ok(failure.ci95[1] < 0, 'the interval of the change lies below zero');
    assert.ok(failure.detectable > 0 && failure.detectable < 0.2, `detectable ${failure.detectable}`);
    assert.deepEqual(comparison.inconclusive, []);
  });

  it('passes a 2 % drop: under every threshold', () => {
    const comparison = compareWithBaseline(base, scaleCase(base, QUIET, 0.98), thresholds);
    assert.deepEqual(comparison.failures, []);
    assert.deepEqual(comparison.inconclusive, []);
    assert.deepEqual(comparison.warnings, []);
  });

  it('finds nothing in a run compared with itself', () => {
    const comparison = compareWithBaseline(base, structuredClone(base), thresholds);
    assert.deepEqual([comparison.failures, comparison.inconclusive, comparison.warnings, comparison.improvements], [[], [], [], []]);
    assert.ok(comparison.changes.length > 40);
    assert.ok(comparison.changes.every((change) => change.change === 0 && change.verdict !== 'regression'));
  });

  it('calls a 20 % drop on a case too noisy to decide it inconclusive, with what would decide it', () => {
    const comparison = compareWithBaseline(base, scaleCase(base, NOISY, 0.8), thresholds);
    assert.deepEqual(comparison.failures, []);
    assert.deepEqual(comparison.inconclusive.map((change) => change.caseId), [NOISY]);
    const change = comparison.inconclusive[0]!;
    assert.equal(change.verdict, 'inconclusive');
    assert.ok(change.ci95[0] < 0 && change.ci95[1] > 0);
    assert.ok(change.detectable > 0.2);
    assert.match(change.note!, /interval includes no change; about \d+\+? repetitions per side would decide/);
  });

  it('warns on a decided drop between warn and fail, and reports a decided gain as an improvement', () => {
    const warned = compareWithBaseline(base, scaleCase(base, QUIET, 0.93), thresholds);
    assert.deepEqual(warned.warnings.map((change) => [change.caseId, change.verdict]), [[QUIET, 'regression']]);
    assert.deepEqual(warned.failures, []);
    assert.equal(compareWithBaseline(base, scaleCase(base, QUIET, 1.3), thresholds).improvements[0]?.caseId, QUIET);
  });

  it('catches one ×0.8 case among 150 re-measured ones (750 metric comparisons), and flags none without it', () => {
    const head = syntheticRun(2, 150, 5, 0.04);
    const baseline = syntheticRun(1, 150, 5, 0.04);
    const quiet = compareWithBaseline(baseline, head, thresholds);
    assert.ok(quiet.changes.length >= 750, String(quiet.changes.length));
    assert.deepEqual([quiet.failures, quiet.inconclusive], [[], []]);
    const shifted = scaleCase(head, 'synthetic/point=77/threads', 0.8);
    assert.deepEqual(compareWithBaseline(baseline, shifted, thresholds).failures.map((change) => change.caseId), ['synthetic/point=77/threads']);
  });

  it('two runs of the same code on a machine whose speed drifts point by point: inconclusive at worst, never a failure', () => {
    const baseline = syntheticRun(1, 40, 6, 0.04);
    const head = syntheticRun(2, 40, 6, 0.04);
    // Each point of the second run ran on a machine ±15 % faster or slower than the first (seeded), as seen here.
    const drift = new Random(9);
    for (const item of head.cases) {
      const factor = Math.exp(0.15 * gaussian(drift));
      for (const sample of item.samples) sample.throughputPerSec *= factor;
    }
    const comparison = compareWithBaseline(baseline, head, thresholds);
    assert.deepEqual(comparison.failures, [], 'drift is not a regression of the code');
    const spread = comparison.betweenRuns.throughputPerSec!;
    assert.ok(spread.spread > 0.08 && spread.spread < 0.25, `spread ${spread.spread}`);
    assert.equal(spread.cases, 40);
    // Against itself, or with one case changed among steady ones, there is no spread to add.
    assert.equal(compareWithBaseline(baseline, structuredClone(baseline), thresholds).betweenRuns.throughputPerSec!.spread, 0);
  });

  it('takes any number of repetitions per side', () => {
    const head = scaleCase(syntheticRun(4, 20, 12, 0.05), 'synthetic/point=3/threads', 0.85);
    const comparison = compareWithBaseline(syntheticRun(3, 20, 6, 0.05), head, thresholds);
    assert.deepEqual(comparison.failures.map((change) => [change.caseId, change.n]), [['synthetic/point=3/threads', [6, 12]]]);
  });

  it('lists cases present in only one file and warns when the environments differ', () => {
    const head = structuredClone(base);
    const dropped = head.cases.pop()!;
    head.env.availableParallelism += 6;
    const comparison = compareWithBaseline(base, head, thresholds);
    assert.deepEqual(comparison.onlyInBase, [dropped.id]);
    assert.match(comparison.environmentWarnings.join(' '), /CPU count differs: baseline \d+, head \d+/);
  });

  it('shows failures first whatever the limit, largest change first, and folds unchanged rows into counts', () => {
    const head = scaleCase(scaleCase(base, QUIET, 0.8), NOISY, 1.5);
    const comparison = compareWithBaseline(base, head, thresholds);
    const top = selectChanges(comparison, { top: 1 });
    assert.deepEqual(top.rows.map((row) => row.caseId), [QUIET]);
    const shown = selectChanges(comparison);
    assert.deepEqual(shown.rows.map((row) => row.caseId), [NOISY, QUIET]);
    assert.equal(shown.unchanged, comparison.changes.length - 2);
    assert.equal(Object.values(shown.folded).reduce((total, n) => total + n, 0), comparison.changes.length - 2);
    assert.equal(selectChanges(comparison, { all: true }).rows.length, comparison.changes.length);
  });
});

describe('lab compare BASE HEAD --fail-on-regression', () => {
  const directory = mkdtempSync(path.join(os.tmpdir(), 'lab-baseline-'));
  const basePath = path.join(directory, 'base.json');
  const base = fixture();
  writeFileSync(basePath, JSON.stringify(base));
  after(() => rmSync(directory, { recursive: true, force: true }));

  const compare = (head: RunResult, name: string, ...flags: string[]) => {
    const headPath = path.join(directory, `${name}.json`);
    writeFileSync(headPath, JSON.stringify(head));
    return spawnSync(process.execPath, [CLI, 'compare', basePath, headPath, '--fail-on-regression', ...flags], { encoding: 'utf8' });
  };

  it('exits 1 at ×0.8 and names the case on stderr and in the table', () => {
    const result = compare(scaleCase(base, QUIET, 0.8), 'head-0.8');
    assert.equal(result.status, 1, result.stderr);
    assert.ok(result.stderr.includes(`lab: regression in 1 case(s): ${QUIET}`), result.stderr);
    assert.match(result.stderr, new RegExp(`${QUIET.replace(/[/.]/g, '\\$&')} +throughput .*-20\\.0% +\\[-\\d`));
  });

  it('exits 0 at ×0.98 and for a run against itself, with no regression shown', () => {
    for (const [name, head] of [['head-0.98', scaleCase(base, QUIET, 0.98)], ['self', structuredClone(base)]] as const) {
      const result = compare(head, name);
      assert.equal(result.status, 0, result.stderr);
      assert.match(result.stderr, /Against the baseline: 0 regression, 0 inconclusive/);
    }
  });

  it('exits 3 for a change beyond the fail threshold that the data cannot decide, and says so', () => {
    const result = compare(scaleCase(base, NOISY, 0.8), 'head-noisy');
    assert.equal(result.status, 3, result.stderr);
    assert.match(result.stderr, /lab: inconclusive in 1 case\(s\): .*processes:json throughputPerSec -20\.0 % \(detectable ±\d+ %\)/);
    assert.match(result.stderr, /INCONCLUSIVE/);
  });

  it('--all prints a row for every metric comparison', () => {
    const result = compare(structuredClone(base), 'self-all', '--all');
    assert.equal(result.status, 0, result.stderr);
    assert.doesNotMatch(result.stderr, /not shown:/);
    assert.ok(result.stderr.split('\n').filter((line) => line.startsWith('exploration/')).length > 40);
  });

  it('lab baseline save refuses a regressed run unless --force', () => {
    const resultsDir = path.join(directory, 'store');
    const worse = path.join(directory, 'head-0.8.json');
    const save = (file: string, ...flags: string[]) =>
      spawnSync(process.execPath, [CLI, 'baseline', 'save', file, '--name', 'main', '--results-dir', resultsDir, ...flags], { encoding: 'utf8' });
    assert.equal(save(basePath).status, 0);
    const refused = save(worse);
    assert.equal(refused.status, 1);
    assert.match(refused.stderr, /not saved: .* regressed against baseline "main"; use --force/);
    assert.equal(save(worse, '--force').status, 0);
  });
});
