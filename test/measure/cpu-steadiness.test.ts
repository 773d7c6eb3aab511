import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { probeCpuSteadiness } from '../../src/measure/cpu-steadiness.js';
import { NoiseLog } from '../../src/runner/noise.js';

describe("the machine's own CPU pace", () => {
  it('times a fixed loop in slices for about the time given and summarises them in bounds', () => {
    const started = performance.now();
    const probe = probeCpuSteadiness(200, 40);
    const elapsed = performance.now() - started;
    assert.ok(elapsed >= 200 && elapsed < 2000, `ran ${elapsed.toFixed(0)} ms`);
    assert.ok(probe.slices >= 10, `${probe.slices} slices`);
    assert.ok(probe.slowShare >= 0 && probe.slowShare <= 0.9, 'at most the slices above the 10th percentile can be slow');
    assert.ok(probe.slowest >= 1);
    assert.ok(probe.windowCv >= 0 && Number.isFinite(probe.windowCv));
    assert.equal(probe.windowMs, 40);
  });

  it('warns, with the figures, when the pace was unsteady, and stays quiet when it was steady', () => {
    const steady = new NoiseLog();
    steady.cpu({ sliceMs: 5, slices: 200, slowShare: 0.01, slowest: 1.3, windowCv: 0.01, windowMs: 80 });
    assert.ok(!steady.record().warnings.some((warning) => /CPU pace/.test(warning)));
    assert.equal(steady.record().cpu!.slices, 200);
    const unsteady = new NoiseLog();
    unsteady.cpu({ sliceMs: 5, slices: 200, slowShare: 0.2, slowest: 1.9, windowCv: 0.08, windowMs: 80 });
    const warning = unsteady.record().warnings.find((text) => /CPU pace/.test(text));
    assert.match(warning ?? '', /ran ≥ 25 % slow in 20 % of its 5 ms slices \(the slowest 1\.9× slow\) and varied in pace over 80 ms by 8\.0 % \(CV\)/);
  });

  it('names only what crossed its threshold', () => {
    const windows = new NoiseLog();
    windows.cpu({ sliceMs: 5, slices: 200, slowShare: 0, slowest: 1.2, windowCv: 0.033, windowMs: 80 });
    const warning = windows.record().warnings.find((text) => /CPU pace/.test(text)) ?? '';
    assert.match(warning, /nothing else of the lab running, varied in pace over 80 ms by 3\.3 % \(CV\);/);
    assert.doesNotMatch(warning, /slices/);
  });
});
