import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { after, describe, it } from 'node:test';
import { childrenOf, isAlive as alive } from '../../src/measure/process-tree.js';
import type { RunResult } from '../../src/result/types.js';

const CLI = fileURLToPath(new URL('../../src/cli.js', import.meta.url));
const ROOT = fileURLToPath(new URL('../../../', import.meta.url));
const fixture = (name: string): string => path.join(ROOT, 'fixtures/scenarios', name);

function lab(args: string[], cwd: string) {
  return spawnSync(process.execPath, [CLI, ...args], { cwd, encoding: 'utf8', timeout: 120_000 });
}

describe('lab command line', () => {
  const cwd = mkdtempSync(path.join(os.tmpdir(), 'lab-cli-'));
  after(() => rmSync(cwd, { recursive: true, force: true }));

  for (const [args, pattern] of [
    [['run', 'nosuch'], /^lab: unknown scenario "nosuch"; use one of: .*quick/],
    [['run', fixture('malformed.json')], /^lab: scenario .*malformed\.json is malformed at repeat/],
    [['run', fixture('not-json.json')], /^lab: scenario .*not-json\.json is not valid JSON/],
    [['quick', '--bogus'], /^lab: unknown option '--bogus'/],
    [['quick', '--repeat', 'zero'], /^lab: option '--repeat <n>' argument 'zero' is invalid/],
    [['quick', '--filter', 'nothing-like-this'], /^lab: --filter "nothing-like-this" matches no case/],
    [['frobnicate'], /^lab: unknown command 'frobnicate'/],
    [['compare', fixture('tiny.json')], /^lab: result file .*tiny\.json is not a lab\.result\/1 result/],
    [['compare', '/nonexistent/run.json'], /^lab: cannot read result file \/nonexistent\/run\.json/],
    [['compare', fixture('not-json.json')], /^lab: result file .* is not valid JSON/],
    [['check', fixture('tiny.json'), '--targets', fixture('tiny.json')], /^lab: result file .*is not a lab\.result\/1 result/],
    [['quick', '--out', os.tmpdir()], /^lab: option '--out <file>' argument .* is invalid\. .* is a folder; give a file in it, e\.g\. .*result\.json/],
    [['quick', '--out', `${fixture('tiny.json')}/result.json`], /^lab: option '--out <file>' argument .* is invalid\. .*tiny\.json is a file, not a folder/],
    [['quick', '--results-dir', fixture('tiny.json')], /^lab: option '--results-dir <dir>' argument .* is invalid\. .*tiny\.json is a file, not a folder/],
    [['compare', fixture('tiny.json'), '--out', 'results/'], /^lab: option '--out <file>' argument 'results\/' is invalid\. results\/ is a folder/],
  ] as const) {
    it(`exits 2 with one line for: lab ${args.join(' ')}`, () => {
      const result = lab([...args], cwd);
      assert.equal(result.status, 2, result.stderr);
      assert.equal(result.stderr.trim().split('\n').length, 1, result.stderr);
      assert.match(result.stderr, pattern);
      assert.doesNotMatch(result.stderr, /\n\s+at /, 'no stack trace');
    });
  }

  it('a result it cannot write at the end says where the measured cases are, in one line, and exits 2', () => {
    const resultsDir = path.join(cwd, 'unwritable');
    // The result is written to FILE.partial first: a folder by that name passes the checks made before measuring
    // and fails the write at the end (permissions would not: CI runs as root).
    const out = path.join(cwd, 'blocked.json');
    mkdirSync(`${out}.partial`);
    const result = lab(['run', fixture('tiny.json'), '--filter', 'io-latency', '--out', out, '--results-dir', resultsDir], cwd);
    assert.equal(result.status, 2, result.stderr);
    const last = result.stderr.trim().split('\n').at(-1)!;
    assert.match(last, /^lab: could not write the result to \S+blocked\.json \(EISDIR\); every measured case is in (\S+\.jsonl): `lab resume \1 --out FILE` writes it$/);
    const journal = last.match(/is in (\S+\.jsonl)/)![1]!;
    const cases = readFileSync(journal, 'utf8').trim().split('\n').filter((line) => line.startsWith('{"type":"case"'));
    assert.ok(cases.length > 0, 'the journal keeps the measured cases');
    assert.doesNotMatch(result.stderr, /\n\s+at /, 'no stack trace');
  });

  it('lists workloads, backends and scenarios', () => {
    const result = lab(['list', '--json'], cwd);
    assert.equal(result.status, 0);
    const listing = JSON.parse(result.stdout) as { workloads: Array<{ name: string }>; backends: Array<{ name: string }> };
    const names = listing.workloads.map((w) => w.name);
    for (const name of ['exploration', 'coordination', 'messaging', 'io-latency', 'spawn', 'database']) assert.ok(names.includes(name), name);
    assert.deepEqual(listing.backends.map((b) => b.name), ['inline', 'threads', 'processes']);
  });

  it('runs a scenario with --json: only the result on stdout, every workload on every backend with its summary', () => {
    const out = path.join(cwd, 'tiny.json');
    const result = lab(['run', fixture('tiny.json'), '--json', '--out', out, '--results-dir', path.join(cwd, 'results')], cwd);
    assert.equal(result.status, 0, result.stderr);
    const printed = JSON.parse(result.stdout) as RunResult;
    const written = JSON.parse(readFileSync(out, 'utf8')) as RunResult;
    assert.equal(printed.runId, written.runId);
    assert.equal(written.schema, 'lab.result/1');
    assert.equal(written.complete, true);
    for (const workload of ['exploration', 'coordination', 'messaging', 'io-latency', 'spawn']) {
      for (const backend of ['inline', 'threads', 'processes']) {
        const cases = written.cases.filter((item) => item.workload === workload && item.backend === backend);
        assert.ok(cases.length > 0, `${workload} on ${backend}`);
        for (const item of cases) {
          const { summary } = item;
          assert.ok(summary!.throughputPerSec > 0);
          assert.ok(summary!.latencyMs.p50 > 0 && summary!.latencyMs.p95 >= summary!.latencyMs.p50 && summary!.latencyMs.p99 >= summary!.latencyMs.p95);
          assert.ok(summary!.memory.rssBytes > 0);
        }
      }
    }
    assert.match(result.stderr, /threads\/processes/);
    assert.match(result.stderr, /\[\d+\.\d+, \d+\.\d+\]/, 'ratios carry an interval');
  });

  it('on SIGINT stops within 5 s, keeps finished cases, marks the result incomplete and leaves no child behind', async () => {
    const resultsDir = path.join(cwd, 'interrupted');
    const child = spawn(process.execPath, [CLI, 'run', fixture('slow.json'), '--results-dir', resultsDir], { cwd, stdio: ['ignore', 'ignore', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    const journal = (): string[] => {
      if (!existsSync(resultsDir)) return [];
      const file = readdirSync(resultsDir).find((name) => name.endsWith('.jsonl'));
      return file ? readFileSync(path.join(resultsDir, file), 'utf8').trim().split('\n') : [];
    };
    const deadline = Date.now() + 60_000;
    while (journal().length < 4 && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 100));
    assert.ok(journal().length >= 4, `a parameter point finished before the interrupt: ${stderr}`);
    await new Promise((resolve) => setTimeout(resolve, 300));
    const children = childrenOf(child.pid!);
    const sent = Date.now();
    child.kill('SIGINT');
    const code = await new Promise<number | null>((resolve) => child.on('exit', (exitCode) => resolve(exitCode)));
    const tookMs = Date.now() - sent;
    assert.ok(tookMs < 5000, `stopped in ${tookMs} ms`);
    assert.equal(code, 130, stderr);
    await new Promise((resolve) => setTimeout(resolve, 200));
    assert.deepEqual(children.filter(alive), [], 'no child process left');
    const lines = journal().map((line) => JSON.parse(line) as { type: string; state?: string });
    assert.ok(lines.filter((line) => line.type === 'case' && line.state === 'completed').length >= 3);
    const final = readdirSync(resultsDir).find((name) => name.endsWith('.json'));
    const result = JSON.parse(readFileSync(path.join(resultsDir, final!), 'utf8')) as RunResult;
    assert.equal(result.complete, false);
    assert.match(result.interruptedBy!, /SIGINT/);
  });
});
