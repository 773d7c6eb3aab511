import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { setTimeout as sleep } from 'node:timers/promises';
import { after, describe, it } from 'node:test';
import type { RunPlan } from '../../src/commands/estimate.js';

const CLI = fileURLToPath(new URL('../../src/cli.js', import.meta.url));
const ROOT = fileURLToPath(new URL('../../../', import.meta.url));
const ADAPTIVE = path.join(ROOT, 'fixtures/scenarios/adaptive.json');

function lab(args: string[], cwd: string) {
  return spawnSync(process.execPath, [CLI, ...args], { cwd, encoding: 'utf8', timeout: 120_000 });
}

describe('lab run --dry-run', () => {
  const cwd = mkdtempSync(path.join(os.tmpdir(), 'lab-dry-run-'));
  after(() => rmSync(cwd, { recursive: true, force: true }));
  const results = path.join(cwd, 'results');

  it('without an earlier run: lists every point, estimates from one calibration round per workload, writes no result', () => {
    const run = lab(['run', ADAPTIVE, '--dry-run', '--json', '--results-dir', results], cwd);
    assert.equal(run.status, 0, run.stderr);
    const plan = JSON.parse(run.stdout) as RunPlan;
    assert.deepEqual(plan.points.map((point) => point.id), ['exploration/agents=2,steps=10,poolSize=2', 'messaging/pattern=roundtrip,payloadBytes=64,poolSize=2']);
    for (const point of plan.points) {
      assert.equal(point.source, 'calibration');
      assert.deepEqual(point.rounds, [6, 12], 'the scenario’s repeat and maxRounds');
      assert.ok(point.seconds[0] > 0 && point.seconds[1] > point.seconds[0], `${point.id}: ${point.seconds}`);
    }
    assert.ok(plan.estimatedSeconds > 0 && plan.longestSeconds >= plan.estimatedSeconds);
    assert.equal(plan.lastRun, null);
    assert.equal(existsSync(results) ? readdirSync(results).length : 0, 0, 'a dry run measures in a scratch folder and keeps nothing');
  });

  it('after a run of the scenario on this machine: estimates each point from it, and says so', () => {
    const real = lab(['run', ADAPTIVE, '--repeat', '5', '--filter', 'exploration', '--results-dir', results], cwd);
    assert.equal(real.status, 0, real.stderr);
    const run = lab(['run', ADAPTIVE, '--dry-run', '--results-dir', results], cwd);
    assert.equal(run.status, 0, run.stderr);
    assert.match(run.stdout, /2 parameter points of adaptive:/);
    assert.match(run.stdout, /exploration +agents=2 steps=10 +threads processes:json +6–12 .* last run/);
    assert.match(run.stdout, /messaging .* calibration/, 'a point the last run did not measure is calibrated');
    assert.match(run.stdout, /Figures from the last run of adaptive on this machine \(.*adaptive-.*\.json\) and a calibration round/);
  });

  it('under a budget shorter than every point at its fewest rounds: estimates the budget and names the points it will leave out', () => {
    const run = lab(['run', ADAPTIVE, '--dry-run', '--json', '--budget', '1s', '--results-dir', results], cwd);
    assert.equal(run.status, 0, run.stderr);
    const plan = JSON.parse(run.stdout) as RunPlan;
    assert.ok(plan.fewestSeconds > 1, `the fewest rounds take ${plan.fewestSeconds} s`);
    assert.equal(plan.estimatedSeconds, 1, 'the run leaves points out and ends near its budget');
    // Both points have a headline ratio, so they go from the end of the scenario.
    assert.equal(plan.leftOut[0], 'messaging/pattern=roundtrip,payloadBytes=64,poolSize=2');
    const text = lab(['run', ADAPTIVE, '--dry-run', '--budget', '1s', '--results-dir', results], cwd);
    assert.match(text.stdout, /Estimated: 1 s, the budget \(--budget\): every point at its fewest rounds would take .*, so about \d of 2 points will be left out/);
  });

  it('stopped by SIGTERM during its calibration (timeout, a container stop): exits 130 and leaves no scratch folder behind', async () => {
    const scratch = (): string[] => readdirSync(os.tmpdir()).filter((name) => name.startsWith('lab-estimate-'));
    const before = new Set(scratch());
    // quick calibrates one point of every workload, a database server included: seconds of work to interrupt.
    const run = spawn(process.execPath, [CLI, 'quick', '--dry-run', '--results-dir', results], { cwd, stdio: ['ignore', 'ignore', 'pipe'] });
    let stderr = '';
    run.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    const exited = new Promise<number | null>((resolve) => run.on('exit', (code) => resolve(code)));
    for (const end = Date.now() + 60_000; Date.now() < end && !scratch().some((name) => !before.has(name)); ) await sleep(20);
    run.kill('SIGTERM');
    assert.equal(await exited, 130, stderr);
    assert.match(stderr, /SIGTERM received, stopping the calibration/);
    assert.deepEqual(scratch().filter((name) => !before.has(name)), []);
  });
});
