import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { runFixture } from '../../fixtures/run-scenario.js';
import { after, before, describe, it } from 'node:test';
import { compareWithBaseline } from '../../src/compare/baseline.js';
import { loadThresholds } from '../../src/compare/thresholds.js';
import type { RunResult } from '../../src/result/types.js';

const CLI = fileURLToPath(new URL('../../src/cli.js', import.meta.url));

/** A copy of a run with every throughput figure of one case (summary and samples) multiplied by a factor. */
function scaleCase(run: RunResult, caseId: string, factor: number): RunResult {
  const copy = structuredClone(run);
  const target = copy.cases.find((item) => item.id === caseId)!;
  target.summary!.throughputPerSec *= factor;
  for (const sample of target.samples) sample.throughputPerSec *= factor;
  return copy;
}

describe('regression gate against a baseline', () => {
  const directory = mkdtempSync(path.join(os.tmpdir(), 'lab-baseline-'));
  let base: RunResult;
  let caseId: string;

  before(async () => {
    const outcome = await runFixture('tiny.json', directory, { filter: 'exploration', repeat: 6 });
    base = outcome.result;
    // The gate is tested, not the machine's noise: the chosen case gets a tight, real-looking spread.
    const target = base.cases.find((item) => item.backend === 'threads')!;
    caseId = target.id;
    const centre = target.summary!.throughputPerSec;
    target.samples.forEach((sample, index) => (sample.throughputPerSec = centre * (1 + (index - 2.5) * 0.008)));
  });
  after(() => rmSync(directory, { recursive: true, force: true }));

  it('fails a case whose throughput fell 20 %, and names it', () => {
    const comparison = compareWithBaseline(base, scaleCase(base, caseId, 0.8), loadThresholds());
    assert.deepEqual([...new Set(comparison.failures.map((failure) => failure.caseId))], [caseId]);
    const failure = comparison.failures[0]!;
    assert.equal(failure.metric, 'throughputPerSec');
    assert.ok(Math.abs(failure.change + 0.2) < 1e-9);
    assert.ok(failure.ci95[1] < 0, 'the interval of the change lies below zero');
  });

  it('passes a 2 % drop: inside the threshold', () => {
    const comparison = compareWithBaseline(base, scaleCase(base, caseId, 0.98), loadThresholds());
    assert.deepEqual(comparison.failures, []);
    assert.deepEqual(comparison.warnings, []);
  });

  it('warns between 5 and 10 %, and reports a significant gain as an improvement', () => {
    assert.equal(compareWithBaseline(base, scaleCase(base, caseId, 0.93), loadThresholds()).warnings[0]?.caseId, caseId);
    assert.equal(compareWithBaseline(base, scaleCase(base, caseId, 1.3), loadThresholds()).improvements[0]?.caseId, caseId);
  });

  it('lists cases present in only one file and warns when the environments differ', () => {
    const head = structuredClone(base);
    const dropped = head.cases.pop()!;
    head.env.availableParallelism += 6;
    const comparison = compareWithBaseline(base, head, loadThresholds());
    assert.deepEqual(comparison.onlyInBase, [dropped.id]);
    assert.match(comparison.environmentWarnings.join(' '), /CPU count differs: baseline \d+, head \d+/);
  });

  it('lab compare BASE HEAD --fail-on-regression exits 1 naming the case at 0.8, and 0 at 0.98', () => {
    const basePath = path.join(directory, 'base.json');
    writeFileSync(basePath, JSON.stringify(base));
    for (const [factor, code] of [[0.8, 1], [0.98, 0]] as const) {
      const headPath = path.join(directory, `head-${factor}.json`);
      writeFileSync(headPath, JSON.stringify(scaleCase(base, caseId, factor)));
      const result = spawnSync(process.execPath, [CLI, 'compare', basePath, headPath, '--fail-on-regression'], { encoding: 'utf8' });
      assert.equal(result.status, code, result.stderr);
      if (code === 1) assert.ok(result.stderr.includes(`regression in 1 case(s): ${caseId}`), result.stderr);
    }
  });

  it('lab baseline save refuses a regressed run unless --force', () => {
    const resultsDir = path.join(directory, 'store');
    const basePath = path.join(directory, 'base.json');
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
