import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { after, describe, it } from 'node:test';
import { categoryOf, flameTree, functionTimes, isCpuProfile, selfTimesMs, type CpuProfile } from '../../src/profile/cpu-profile.js';
import type { RunResult } from '../../src/result/types.js';

const CLI = fileURLToPath(new URL('../../src/cli.js', import.meta.url));
const ROOT = fileURLToPath(new URL('../../../', import.meta.url));

/** root → a (agent code) → b (serialisation); samples: a, b, b, idle. */
const TINY: CpuProfile = {
  nodes: [
    { id: 1, callFrame: { functionName: '(root)', url: '', lineNumber: -1 }, children: [2, 4] },
    { id: 2, callFrame: { functionName: 'step', url: 'file:///lab/dist/workloads/belief.js', lineNumber: 9 }, children: [3] },
    { id: 3, callFrame: { functionName: 'writeChannelMessage', url: 'node:internal/child_process/serialization', lineNumber: 108 } },
    { id: 4, callFrame: { functionName: '(idle)', url: '', lineNumber: -1 } },
  ],
  startTime: 1000,
  endTime: 5000,
  samples: [2, 3, 3, 4],
  timeDeltas: [1000, 1000, 1000, 1000],
};

describe('cpu profiles', () => {
  it('sorts functions into agent code, serialisation, IPC, GC and other; idle is no work', () => {
    assert.equal(categoryOf('step', 'file:///lab/dist/workloads/belief.js'), 'agent');
    assert.equal(categoryOf('run', 'file:///lab/dist/src/workloads/messaging.js'), 'other', 'the orchestrator’s driver is not agent code');
    assert.equal(categoryOf('writeChannelMessage', 'node:internal/child_process/serialization'), 'serialisation');
    assert.equal(categoryOf('stringify', ''), 'serialisation');
    assert.equal(categoryOf('postMessage', ''), 'ipc');
    assert.equal(categoryOf('writeBuffer', ''), 'ipc');
    assert.equal(categoryOf('_maybeDrain', 'file:///lab/node_modules/piscina/dist/index.js'), 'ipc');
    assert.equal(categoryOf('(garbage collector)', ''), 'gc');
    assert.equal(categoryOf('(idle)', ''), undefined);
    assert.equal(categoryOf('atomicsWaitLoop', 'file:///lab/node_modules/piscina/dist/worker.js'), undefined);
  });

  it('gives each sample the gap to the next, counts only samples inside a window, inherits categories, and sums the tree inclusively', () => {
    assert.deepEqual([...selfTimesMs(TINY).entries()], [[2, 1], [3, 2], [4, 1]]);
    assert.deepEqual([...selfTimesMs(TINY, { startUs: 2500, endUs: 4500 }).entries()], [[3, 2]]);
    const copy: CpuProfile = {
      ...TINY,
      nodes: [
        { ...TINY.nodes[0]!, children: [3] },
        { ...TINY.nodes[2]!, children: [5] },
        { id: 5, callFrame: { functionName: '_copyActual', url: 'node:buffer', lineNumber: 240 } },
      ],
      samples: [5, 5, 3, 3],
    };
    assert.deepEqual(
      functionTimes(copy, 'child process 1').map((item) => [item.name, item.category]),
      [['writeChannelMessage', 'serialisation'], ['_copyActual', 'serialisation']],
      'the runtime’s work takes the category of the code that asked for it',
    );
    const tree = flameTree(TINY, 'main thread');
    assert.equal(tree.name, 'main thread');
    assert.equal(tree.totalMs, 3, 'idle time is left out');
    assert.deepEqual(tree.children.map((child) => [child.name, child.category, child.totalMs]), [['step', 'agent', 3]]);
  });
});

describe('lab run --profile', { timeout: 180_000 }, () => {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'lab-profile-'));
  after(() => rmSync(dir, { recursive: true, force: true }));

  it('writes a loadable .cpuprofile per thread and process of every side, names the top functions, and draws them inline', () => {
    const run = spawnSync(process.execPath, [CLI, 'run', path.join(ROOT, 'fixtures/scenarios/profile.json'), '--profile', '--results-dir', dir, '--out', path.join(dir, 'run.json')], {
      cwd: dir,
      encoding: 'utf8',
      timeout: 150_000,
    });
    assert.equal(run.status, 0, run.stderr);
    const result = JSON.parse(readFileSync(path.join(dir, 'run.json'), 'utf8')) as RunResult;
    const profiles = result.profiles ?? [];
    assert.deepEqual(profiles.map((profile) => profile.side), ['inline', 'threads', 'processes:advanced'], 'messaging is profiled on every side; the cold faults point is not');
    for (const profile of profiles) {
      assert.ok(profile.files.length >= (profile.side === 'inline' ? 1 : 2), `${profile.side}: the main thread and each worker or child`);
      for (const file of profile.files) {
        const parsed: unknown = JSON.parse(readFileSync(path.join(dir, file), 'utf8'));
        assert.ok(isCpuProfile(parsed), `${file} has nodes, samples and timeDeltas`);
        assert.ok(parsed.samples.length > 0, `${file} has samples`);
      }
      assert.ok(profile.top.length > 0 && profile.top[0]!.selfMs > 0, `${profile.side} names its top functions`);
      assert.match(run.stderr, new RegExp(`\\n    ${profile.side}: busy .* in \\d+ runs: .*\\n +\\d+(\\.\\d)?% +\\S`), `the console lists ${profile.side}'s top functions`);
    }
    assert.ok(profiles.find((profile) => profile.side === 'processes:advanced')!.categoriesMs.serialisation > 0, 'IPC serialisation shows on processes');
    const html = path.join(dir, 'report.html');
    const report = spawnSync(process.execPath, [CLI, 'report', path.join(dir, 'run.json'), '--out', html], { cwd: dir, encoding: 'utf8' });
    assert.equal(report.status, 0, report.stderr);
    assert.ok(existsSync(html));
    assert.equal((readFileSync(html, 'utf8').match(/<svg class="icicle"/g) ?? []).length, 3, 'one icicle per side');
  });
});
