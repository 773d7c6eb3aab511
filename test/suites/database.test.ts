import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { fileURLToPath } from 'node:url';
import { runFixture } from '../../fixtures/run-scenario.js';
import { after, before, describe, it } from 'node:test';
import type { RunResult } from '../../src/result/types.js';
import { startEmbedded } from '../../src/suites/database/server.js';

const CLI = fileURLToPath(new URL('../../src/cli.js', import.meta.url));
const SCENARIO = fileURLToPath(new URL('../../../fixtures/scenarios/database.json', import.meta.url));

function postgresProcesses(): number {
  return readdirSync('/proc')
    .filter((entry) => /^\d+$/.test(entry))
    .filter((entry) => {
      try {
        return spawnSync('cat', [`/proc/${entry}/comm`], { encoding: 'utf8' }).stdout.trim() === 'postgres';
      } catch {
        return false;
      }
    }).length;
}

async function until(condition: () => boolean, timeoutMs: number): Promise<boolean> {
  for (const end = Date.now() + timeoutMs; Date.now() < end; await sleep(100)) if (condition()) return true;
  return condition();
}

function labDataDirs(): string[] {
  return readdirSync(os.tmpdir()).filter((name) => name.startsWith('lab-postgres-'));
}

describe('database suite on a real PostgreSQL', () => {
  const directory = mkdtempSync(path.join(os.tmpdir(), 'lab-db-'));
  const dirsBefore = new Set(labDataDirs());
  // A lab's postmaster runs: initdb is done (its password file is gone) and a pid file is in the data directory.
  const serverUp = (): boolean =>
    labDataDirs().some((name) => {
      const root = path.join(os.tmpdir(), name);
      return !dirsBefore.has(name) && !existsSync(path.join(root, 'password')) && existsSync(path.join(root, 'data', 'postmaster.pid'));
    });
  let result: RunResult;

  before(async () => {
    result = (await runFixture('database.json', directory)).result;
  });
  after(() => rmSync(directory, { recursive: true, force: true }));

  it('runs every query through pg and typeorm on inline, threads and processes', () => {
    assert.deepEqual(result.cases.filter((item) => item.state !== 'completed').map((item) => `${item.id}: ${item.error}`), []);
    assert.equal(result.cases.length, 4 * 2 * 3);
    for (const item of result.cases) {
      assert.equal(item.suite, 'database');
      assert.ok(item.summary!.throughputPerSec > 0);
      assert.ok(item.summary!.latencyMs.p99 >= item.summary!.latencyMs.p50 && item.summary!.latencyMs.p50 > 0);
      assert.ok(item.summary!.metrics.connections! >= 1 && item.summary!.metrics.connections! <= 4, `${item.id}: ${item.summary!.metrics.connections} connections, not within the budget of 4`);
      assert.ok(item.summary!.metrics.calibrationSelectTps! > 0);
    }
  });

  it('returns the same checksum on every backend and through both clients (same rows read, same rows written)', () => {
    for (const query of ['point', 'range', 'insert', 'transaction']) {
      const checksums = new Set(result.cases.filter((item) => item.params.query === query).flatMap((item) => item.samples.map((s) => s.checksum)));
      assert.equal(checksums.size, 1, `${query}: ${[...checksums].join(' ≠ ')}`);
    }
  });

  it('reports the typeorm/pg overhead ratio on every side', () => {
    const ratios = result.comparisons.filter((c) => c.metric === 'throughputPerSec' && c.a.endsWith(' typeorm') && c.b.endsWith(' pg'));
    assert.equal(ratios.length, 4 * 3);
    assert.ok(ratios.every((ratio) => ratio.ratio > 0 && !('client' in ratio.params)));
  });

  it('leaves no PostgreSQL process and no data directory behind', () => {
    assert.equal(postgresProcesses(), 0);
    assert.deepEqual(labDataDirs().filter((name) => !dirsBefore.has(name)), []);
  });

  it('an unreachable DATABASE_URL exits 2 with one line naming host, port and database, never the password', () => {
    const run = spawnSync(process.execPath, [CLI, 'run', SCENARIO, '--results-dir', directory], {
      encoding: 'utf8',
      env: { ...process.env, DATABASE_URL: 'postgres://lab:secret@127.0.0.1:1/nowhere' },
    });
    assert.equal(run.status, 2);
    assert.equal(run.stderr.trim().split('\n').length, 1);
    assert.match(run.stderr, /127\.0\.0\.1:1, database "nowhere"/);
    assert.doesNotMatch(run.stderr, /secret/);
  });

  it('kill -9 of the lab mid-run: the embedded server and its data directory are gone within a few seconds', async () => {
    const lab = spawn(process.execPath, [CLI, 'run', SCENARIO, '--results-dir', directory], { stdio: 'ignore' });
    try {
      const up = await until(serverUp, 60_000);
      assert.ok(up, 'the embedded server started');
      await sleep(500);
    } finally {
      lab.kill('SIGKILL');
    }
    const gone = await until(() => postgresProcesses() === 0 && labDataDirs().every((name) => dirsBefore.has(name)), 8_000);
    assert.ok(gone, `after kill -9: ${postgresProcesses()} postgres process(es), directories ${labDataDirs().filter((name) => !dirsBefore.has(name))}`);
  });

  it('a signal to the whole process group of the lab (Ctrl-C, timeout): the server and its data directory are gone all the same', async () => {
    // The lab leads a group of its own here, as under a shell or `timeout`, which signal the whole group. SIGKILL, which
    // no process can handle: a watchdog that shared the group would die with the lab and clean nothing up.
    const lab = spawn(process.execPath, [CLI, 'run', SCENARIO, '--results-dir', directory], { stdio: 'ignore', detached: true });
    try {
      const up = await until(serverUp, 60_000);
      assert.ok(up, 'the embedded server started');
    } finally {
      process.kill(-lab.pid!, 'SIGKILL');
    }
    const gone = await until(() => postgresProcesses() === 0 && labDataDirs().every((name) => dirsBefore.has(name)), 8_000);
    assert.ok(gone, `after the group's kill: ${postgresProcesses()} postgres process(es), directories ${labDataDirs().filter((name) => !dirsBefore.has(name))}`);
  });

  it('a server that dies mid-run fails the running case with a clear message, and the run goes on', async () => {
    const server = await startEmbedded();
    process.env.DATABASE_URL = server.url;
    try {
      let killed = false;
      const outcome = await runFixture('database.json', directory, { filter: 'query=point', repeat: 2 }, (event) => {
        if (!killed && event.type === 'repetition') {
          killed = true;
          for (const pid of server.pids().slice(0, 1)) process.kill(pid, 'SIGKILL');
        }
      });
      const errored = outcome.result.cases.filter((item) => item.state === 'errored');
      const states = outcome.result.cases.map((item) => `${item.id}: ${item.state} ${item.error ?? ''}`).join('; ');
      assert.ok(errored.length > 0, `cases after the crash are errored: ${states}`);
      assert.ok(errored.every((item) => / PostgreSQL at 127\.0\.0\.1:\d+, database "lab": /.test(item.error!)), states);
      assert.equal(outcome.result.complete, true, 'the run went on to the end');
    } finally {
      delete process.env.DATABASE_URL;
      await server.stop();
    }
  });
});
