import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { after, describe, it } from 'node:test';
import { createHash } from 'node:crypto';
import { runFixture } from '../../fixtures/run-scenario.js';
import { createBackend, parseSide } from '../../src/backends/registry.js';
import { loadUserModule } from '../../workloads/user-module/driver.js';

const MODULES = fileURLToPath(new URL('../../../fixtures/modules/', import.meta.url));
const SIDES = ['inline', 'threads', 'processes:json', 'processes:advanced'];

describe('a user module as a workload', () => {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'lab-module-'));
  after(() => rmSync(dir, { recursive: true, force: true }));

  it('runs on inline, threads, processes:json and processes:advanced with one checksum per point', async () => {
    const workload = await loadUserModule('agent.mjs', MODULES, 'agent');
    const checksums = new Map<string, string>();
    for (const label of SIDES) {
      const backend = createBackend(parseSide(label), { poolSize: 2, tasksPerWorker: 1, taskTimeoutMs: 10_000 });
      await backend.start();
      try {
        const repetition = await workload.run({ backend, params: { agents: 3, tasks: 4, concurrency: 1 }, seed: 5 });
        assert.equal(repetition.operations, 12);
        checksums.set(label, repetition.checksum);
      } finally {
        await backend.close();
      }
    }
    assert.equal(new Set(checksums.values()).size, 1, JSON.stringify(Object.fromEntries(checksums)));
  });

  it('runs from a scenario entry (path relative to the scenario file) through the runner, and each case records the module and its hash', async () => {
    const loads = path.join(dir, 'loads.txt');
    process.env.LAB_TEST_MODULE_LOADS = loads;
    try {
      const { result } = await runFixture('module.json', path.join(dir, 'results'));
      const sha256 = createHash('sha256').update(readFileSync(path.join(MODULES, 'agent.mjs'))).digest('hex');
      assert.equal(result.cases.length, 2 * SIDES.length);
      for (const item of result.cases) {
        assert.equal(item.state, 'completed', item.error);
        assert.equal(item.workload, 'agent');
        assert.deepEqual(item.module, { path: '../modules/agent.mjs', sha256 });
      }
      for (const agents of [1, 3]) {
        const point = result.cases.filter((item) => item.params.agents === agents);
        assert.deepEqual(point.map((item) => `${item.backend}:${item.variant}`).sort(), ['inline:default', 'processes:advanced', 'processes:json', 'threads:default']);
        assert.equal(new Set(point.flatMap((item) => item.samples.map((sample) => sample.checksum))).size, 1, `agents=${agents}`);
      }
    } finally {
      delete process.env.LAB_TEST_MODULE_LOADS;
    }
    // Imported once by each worker thread and each child: two points, each starting pools of 2 on threads and on both
    // process variants twice, for the paired rounds and again for the memory pass with each side alone.
    const places = readFileSync(loads, 'utf8').trim().split('\n');
    assert.equal(new Set(places).size, places.length, `a place imported the module twice: ${places.join(' ')}`);
    const threads = places.filter((place) => place.startsWith(`${process.pid}:`) && !place.endsWith(':0'));
    const children = places.filter((place) => !place.startsWith(`${process.pid}:`));
    assert.equal(threads.length, 2 * 2 * 2, places.join(' '));
    assert.equal(children.length, 2 * 2 * 2 * 2, places.join(' '));
  });
});
