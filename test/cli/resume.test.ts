import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { appendFileSync, existsSync, mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { fileURLToPath } from 'node:url';
import { after, describe, it } from 'node:test';
import { childrenOf, isAlive } from '../../src/measure/process-tree.js';
import { readJournal } from '../../src/result/journal.js';
import type { RunResult } from '../../src/result/types.js';

const CLI = fileURLToPath(new URL('../../src/cli.js', import.meta.url));
const ROOT = fileURLToPath(new URL('../../../', import.meta.url));
const ADAPTIVE = path.join(ROOT, 'fixtures/scenarios/adaptive.json');

function descendants(pid: number): number[] {
  return childrenOf(pid).flatMap((child) => [child, ...descendants(child)]);
}

async function until(condition: () => boolean, timeoutMs: number): Promise<boolean> {
  for (const end = Date.now() + timeoutMs; Date.now() < end; await sleep(50)) if (condition()) return true;
  return condition();
}

describe('lab resume', () => {
  const cwd = mkdtempSync(path.join(os.tmpdir(), 'lab-resume-'));
  after(() => rmSync(cwd, { recursive: true, force: true }));
  const results = path.join(cwd, 'results');

  it('after kill -9 mid-run: no child is left, and resume finishes the run into one result, keeping what was measured', async () => {
    const lab = spawn(process.execPath, [CLI, 'run', ADAPTIVE, '--repeat', '6', '--seed', '5', '--results-dir', results], { cwd, stdio: 'ignore' });
    const journalFile = (): string | undefined => {
      const name = existsSync(results) ? readdirSync(results).find((entry) => entry.endsWith('.jsonl')) : undefined;
      return name && path.join(results, name);
    };
    // Kill the lab while the second point runs: the first is in the journal, with its point record.
    const firstDone = await until(() => {
      const file = journalFile();
      return file !== undefined && readFileSync(file, 'utf8').includes('"type":"point"');
    }, 60_000);
    assert.ok(firstDone, 'the first point finished');
    await until(() => descendants(lab.pid!).length > 0, 10_000);
    const children = descendants(lab.pid!);
    assert.ok(children.length > 0, 'the second point has its pools running');
    lab.kill('SIGKILL');
    const gone = await until(() => children.every((pid) => !isAlive(pid)), 5_000);
    assert.ok(gone, `children still running 5 s after kill -9: ${children.filter((pid) => isAlive(pid)).join(', ')}`);

    const file = journalFile()!;
    const before = readJournal(file);
    assert.equal(before.points.length, 1);
    // A line the lab was writing when it died: cut short, with no newline.
    appendFileSync(file, '{"type":"case","id":"messaging/pattern=roundtrip');

    const resumed = spawnSync(process.execPath, [CLI, 'resume', file], { cwd: os.tmpdir(), encoding: 'utf8', timeout: 120_000 });
    assert.equal(resumed.status, 0, resumed.stderr);
    assert.match(resumed.stderr, /last line was cut short/);
    assert.match(resumed.stderr, /resuming adaptive-.*: 1 point\(s\) finished/);
    const runId = path.basename(file, '.jsonl');
    const result = JSON.parse(readFileSync(path.join(results, `${runId}.json`), 'utf8')) as RunResult;
    assert.equal(result.complete, true);
    assert.equal(result.runId, runId);
    assert.deepEqual(result.points!.map((point) => point.id), ['exploration/agents=2,steps=10,poolSize=2', 'messaging/pattern=roundtrip,payloadBytes=64,poolSize=2']);
    assert.equal(result.cases.length, 4);
    // The finished point is kept exactly as measured; the other was measured now, with the same flags (6 rounds).
    for (const kept of before.cases) assert.deepEqual(result.cases.find((item) => item.id === kept.id)!.samples, kept.samples);
    assert.ok(result.cases.every((item) => item.samples.length === 6));
    assert.equal(result.resumed!.length, 1);
    assert.deepEqual([result.resumed![0]!.restoredPoints, result.resumed![0]!.tornLine], [1, true]);
    assert.equal(result.scenario.seed, 5);
    // The journal is whole again: every line parses, the torn one is gone.
    const after = readJournal(file);
    assert.equal(after.tornLine, false);
    assert.equal(after.points.length, 2);

    const again = spawnSync(process.execPath, [CLI, 'resume', file], { cwd, encoding: 'utf8' });
    assert.equal(again.status, 2);
    assert.match(again.stderr, /^lab: run adaptive-.* already finished: its result is /);
    // The same through the scenario's own command; a journal of another scenario, or flags the journal already fixes, are bad input.
    const alias = spawnSync(process.execPath, [CLI, 'run', ADAPTIVE, '--resume', file], { cwd, encoding: 'utf8' });
    assert.equal(alias.status, 2);
    assert.match(alias.stderr, /^lab: run adaptive-.* already finished/);
    const other = spawnSync(process.execPath, [CLI, 'quick', '--resume', file], { cwd, encoding: 'utf8' });
    assert.equal(other.status, 2);
    assert.match(other.stderr, /^lab: .*\.jsonl is a run of .*adaptive\.json, not quick: use lab resume /);
    const flagged = spawnSync(process.execPath, [CLI, 'run', ADAPTIVE, '--resume', file, '--seed', '3'], { cwd, encoding: 'utf8' });
    assert.equal(flagged.status, 2);
    assert.match(flagged.stderr, /leave out --seed \(only --out and --json apply\)/);
  });

  it('refuses a file that is not a journal, or one damaged before its last line, in one line', () => {
    const bogus = path.join(cwd, 'bogus.jsonl');
    appendFileSync(bogus, '{"hello":1}\n');
    const run = spawnSync(process.execPath, [CLI, 'resume', bogus], { cwd, encoding: 'utf8' });
    assert.equal(run.status, 2);
    assert.match(run.stderr, /^lab: .*bogus\.jsonl is not a lab journal/);
    assert.equal(run.stderr.trim().split('\n').length, 1);
  });
});
