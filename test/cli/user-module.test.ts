import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { after, describe, it } from 'node:test';
import type { RunResult } from '../../src/result/types.js';

const CLI = fileURLToPath(new URL('../../src/cli.js', import.meta.url));
const MODULES = fileURLToPath(new URL('../../../fixtures/modules/', import.meta.url));

function lab(args: string[], cwd: string) {
  return spawnSync(process.execPath, [CLI, ...args], { cwd, encoding: 'utf8', timeout: 180_000, env: { ...process.env, LAB_DEBUG: '' } });
}

/** Every point's cases completed with one checksum on all four sides. */
function assertSameWork(result: RunResult, points: number): void {
  assert.equal(result.cases.length, points * 4);
  const byPoint = new Map<string, Set<string>>();
  for (const item of result.cases) {
    assert.equal(item.state, 'completed', item.error);
    const point = JSON.stringify(item.params);
    byPoint.set(point, (byPoint.get(point) ?? new Set()).add(item.summary!.checksum!));
  }
  assert.equal(byPoint.size, points);
  for (const [point, checksums] of byPoint) assert.equal(checksums.size, 1, point);
}

describe('lab run --workload and lab init-workload', () => {
  const cwd = mkdtempSync(path.join(os.tmpdir(), 'lab-module-cli-'));
  after(() => rmSync(cwd, { recursive: true, force: true }));

  for (const [file, pattern] of [
    ['missing.mjs', /^lab: module .*missing\.mjs does not exist \(looked for .*missing\.mjs\)$/],
    ['no-default.mjs', /^lab: module .*no-default\.mjs has no default export; write: export default async function/],
    ['throws-on-load.mjs', /^lab: module .*throws-on-load\.mjs threw while loading: configuration missing: set AGENT_KEY$/],
    ['differs.mjs', /^lab: module .*differs\.mjs returns different results on processes:advanced than on threads \(agent 0, task 0\): draw random numbers from context\.random\(\)/],
    ['not-cloneable.mjs', /^lab: module .*not-cloneable\.mjs on threads, agent 0, task 0 returned a result that cannot be cloned: a function at result\.reply$/],
  ] as const) {
    it(`exits 2 with one line naming the module and the problem: ${file}`, () => {
      const result = lab(['run', '--workload', path.join(MODULES, file), '--agents', '1,2', '--tasks', '3'], cwd);
      assert.equal(result.status, 2, result.stderr);
      assert.equal(result.stderr.trim().split('\n').length, 1, result.stderr);
      assert.match(result.stderr.trim(), pattern);
      assert.doesNotMatch(result.stderr, /\n\s+at /, 'no stack trace');
      assert.equal(result.stdout, '');
    });
  }

  it('runs a module given with --workload on every backend with equal checksums', () => {
    const out = path.join(cwd, 'agent.json');
    const result = lab(['run', '--workload', path.join(MODULES, 'agent.mjs'), '--agents', '1,4', '--tasks', '20', '--repeat', '2', '--out', out], cwd);
    assert.equal(result.status, 0, result.stderr);
    const written = JSON.parse(readFileSync(out, 'utf8')) as RunResult;
    assert.equal(written.scenario.name, 'agent');
    assertSameWork(written, 2);
  });

  it('init-workload writes a module and a scenario that run as they are', () => {
    const made = lab(['init-workload', 'demo'], cwd);
    assert.equal(made.status, 0, made.stderr);
    assert.ok(existsSync(path.join(cwd, 'demo.mjs')) && existsSync(path.join(cwd, 'demo.json')));
    assert.match(made.stdout, /lab run demo\.json/);
    const out = path.join(cwd, 'demo-result.json');
    const result = lab(['run', 'demo.json', '--repeat', '2', '--out', out], cwd);
    assert.equal(result.status, 0, result.stderr);
    const written = JSON.parse(readFileSync(out, 'utf8')) as RunResult;
    assertSameWork(written, 2);
    assert.equal(written.cases[0]!.module!.path, './demo.mjs');
  });

  it('init-workload will not overwrite a file unless told to', () => {
    lab(['init-workload', 'taken'], cwd);
    const again = lab(['init-workload', 'taken'], cwd);
    assert.equal(again.status, 2);
    assert.match(again.stderr, /^lab: taken\.mjs and taken\.json already exist here; choose another name or add --force\n$/);
  });
});
