import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { after, describe, it } from 'node:test';
import { renderHtml } from '../../src/report/html.js';
import { analyseRun } from '../../src/compare/analysis.js';
import type { RunResult } from '../../src/result/types.js';
import { judgeSoak, type SoakSample } from '../../src/runner/soak.js';
import { slopeOf } from '../../src/stats/regression.js';

const CLI = fileURLToPath(new URL('../../src/cli.js', import.meta.url));
const ROOT = fileURLToPath(new URL('../../../', import.meta.url));
const MiB = 1024 * 1024;

function soak(module: string, parent: string): RunResult {
  const dir = mkdtempSync(path.join(parent, 'run-'));
  const run = spawnSync(
    process.execPath,
    [CLI, 'run', path.join(ROOT, 'fixtures/scenarios/soak.json'), '--workload', path.join(ROOT, 'fixtures/modules', module), '--agents', '2', '--tasks', '20', '--soak', '5s', '--results-dir', dir],
    { encoding: 'utf8', timeout: 120_000 },
  );
  assert.equal(run.status, 0, run.stderr);
  const file = readdirSync(dir).find((name) => name.endsWith('.json'))!;
  return JSON.parse(readFileSync(path.join(dir, file), 'utf8')) as RunResult;
}

describe('soak mode', () => {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'lab-soak-'));
  after(() => rmSync(dir, { recursive: true, force: true }));

  it('fits a least-squares slope with its standard error, and leaves the settling quarter out of the verdict', () => {
    const exact = slopeOf([0, 1, 2, 3], [5, 7, 9, 11]);
    assert.equal(exact.slope, 2);
    assert.equal(exact.se, 0);
    // 5 MiB per second for 2 agents = 9000 MiB per agent per hour; the first quarter jumps, and is not counted.
    const samples: SoakSample[] = Array.from({ length: 40 }, (_, i) => ({ atMs: i * 100, rssBytes: 0, pssBytes: null, liveBytes: (i < 10 ? 500 : 0) * MiB + i * 0.5 * MiB }));
    const judged = judgeSoak(samples, 4000, 2, 64 * MiB);
    assert.ok(Math.abs(judged.growthPerAgentPerHour / MiB - 9000) < 1e-6, String(judged.growthPerAgentPerHour / MiB));
    assert.equal(judged.verdict, 'growing');
    // Over 2.9 judged seconds a leak must also add 2 MiB per agent: 2 MiB / 2.9 s is the rate to beat, not 64 MiB/h.
    assert.ok(Math.abs(judged.thresholdPerAgentPerHour / MiB - (2 * 3600) / 2.9) < 1e-6, String(judged.thresholdPerAgentPerHour / MiB));
    const slow = samples.map((sample, i) => ({ ...sample, liveBytes: 500 * MiB + i * 0.01 * MiB }));
    assert.equal(judgeSoak(slow, 4000, 2, 64 * MiB).verdict, 'flat', '180 MiB/h for 3 s is settling, not yet a leak');
    assert.equal(judgeSoak(samples.map((sample) => ({ ...sample, liveBytes: 100 * MiB })), 4000, 2, 64 * MiB).verdict, 'flat');
  });

  it('reports a module that keeps 2 MiB/s per instance as growing at that rate, within ±20 %, on every side', () => {
    const result = soak('leak.mjs', dir);
    assert.equal(result.soak!.length, 3);
    for (const record of result.soak!) {
      // Module state is per isolate: one on inline (all agents share it), one per worker or child elsewhere.
      const instances = record.side === 'inline' ? 1 : result.scenario.poolSize;
      const injected = (2 * MiB * instances * 3600) / record.agents;
      assert.equal(record.verdict, 'growing', record.side);
      assert.ok(Math.abs(record.growthPerAgentPerHour / injected - 1) <= 0.2, `${record.side}: ${(record.growthPerAgentPerHour / MiB).toFixed(0)} MiB/h against ${(injected / MiB).toFixed(0)} injected`);
      assert.ok(record.samples.length >= 8 && record.ci95[0] <= record.growthPerAgentPerHour && record.growthPerAgentPerHour <= record.ci95[1]);
      // Read in each isolate itself (workers, children, the orchestrator), forced collections left out.
      assert.ok(record.gcShare >= 0 && record.gcShare < 1, `${record.side}: GC share ${record.gcShare}`);
    }
    const html = renderHtml({ result, analysis: analyseRun(result) });
    assert.match(html, /<section id="soak">/);
    assert.equal((html.match(/aria-label="leak [^"]*(live memory|RSS)"/g) ?? []).length, 2, 'a live-memory and an RSS chart');
  });

  it('refuses in one line a plan with nothing warm to soak', () => {
    const run = spawnSync(process.execPath, [CLI, 'run', 'quick', '--soak', '1s', '--filter', 'spawn'], { encoding: 'utf8' });
    assert.equal(run.status, 2);
    assert.equal(run.stderr, 'lab: --soak needs a warm workload; spawn measures start-up\n');
  });

  it('reports a module that keeps nothing as flat on every side', () => {
    const result = soak('steady.mjs', dir);
    assert.deepEqual(result.soak!.map((record) => [record.side, record.verdict]), [['inline', 'flat'], ['threads', 'flat'], ['processes:advanced', 'flat']]);
  });
});
