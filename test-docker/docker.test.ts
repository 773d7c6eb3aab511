import assert from 'node:assert/strict';
import { spawnSync, type SpawnSyncReturns } from 'node:child_process';
import { chmodSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { after, before, describe, it } from 'node:test';
import type { RunResult } from '../src/result/types.js';

/**
 * The Docker files against a real engine: `npm run test:docker`. Base images
 * come from NODE_IMAGE / POSTGRES_IMAGE, else the offline stand-ins when they
 * are present (../shared/tools/docker-standins.sh), else the public images.
 */
const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const COMPOSE = path.join(ROOT, 'docker', 'compose.yaml');
const STACK = path.join(ROOT, 'docker', 'stack.yaml');
const IMAGE = 'lab-docker-test:latest';
const PROJECT = 'labdockertest';

function sh(command: string, args: string[], env: NodeJS.ProcessEnv = {}, timeoutMs = 600_000): SpawnSyncReturns<string> {
  return spawnSync(command, args, { cwd: ROOT, encoding: 'utf8', env: { ...process.env, ...env }, timeout: timeoutMs, maxBuffer: 64 * 1024 * 1024 });
}

function ok(run: SpawnSyncReturns<string>, what: string): string {
  assert.equal(run.status, 0, `${what} exited ${run.status}: ${(run.stderr || run.error?.message || '').slice(-2000)}`);
  return run.stdout;
}

const hasImage = (name: string): boolean => sh('docker', ['image', 'inspect', name]).status === 0;
const engine = sh('docker', ['info']).status === 0;
const nodeImage = process.env.NODE_IMAGE ?? (engine && hasImage('lab-standin/node:20') ? 'lab-standin/node:20' : 'node:20-bookworm-slim');
const postgresImage = process.env.POSTGRES_IMAGE ?? (engine && hasImage('lab-standin/postgres:15') ? 'lab-standin/postgres:15' : 'postgres:16-bookworm');
const composeCommand = sh('docker', ['compose', 'version']).status === 0 ? ['docker', 'compose'] : ['docker-compose'];

function compose(args: string[], env: NodeJS.ProcessEnv): SpawnSyncReturns<string> {
  const [command, ...prefix] = composeCommand;
  return sh(command!, [...prefix, '-p', PROJECT, '-f', COMPOSE, ...args], { NODE_IMAGE: nodeImage, POSTGRES_IMAGE: postgresImage, LAB_IMAGE: IMAGE, ...env });
}

function onlyResult(dir: string): RunResult {
  const files = readdirSync(dir).filter((file) => file.endsWith('.json'));
  assert.equal(files.length, 1, `one result in ${dir}: ${files.join(', ')}`);
  return JSON.parse(readFileSync(path.join(dir, files[0]!), 'utf8')) as RunResult;
}

function resultsDir(): string {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'lab-docker-results-'));
  chmodSync(dir, 0o777);
  return dir;
}

describe('Docker image, compose and swarm stack', { skip: !engine && 'no Docker engine (docker info failed)' }, () => {
  const dirs: string[] = [];
  let imageResult: RunResult;

  before(() => {
    const commit = sh('git', ['rev-parse', '--short=12', 'HEAD']).stdout.trim() || 'unknown';
    ok(sh('docker', ['build', '-q', '-f', 'docker/Dockerfile', '--build-arg', `NODE_IMAGE=${nodeImage}`, '--build-arg', `LAB_COMMIT=${commit}`, '-t', IMAGE, '.']), 'docker build');
  });
  after(() => {
    compose(['down', '-v'], {});
    for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
  });

  it('docker run IMAGE quick --filter exploration exits 0 as a non-root user and records the image', () => {
    assert.notEqual(ok(sh('docker', ['run', '--rm', '--entrypoint', 'id', IMAGE, '-u']), 'id').trim(), '0');
    const dir = resultsDir();
    dirs.push(dir);
    ok(sh('docker', ['run', '--rm', '-v', `${dir}:/results`, IMAGE, 'quick', '--filter', 'exploration', '--repeat', '3']), 'docker run');
    imageResult = onlyResult(dir);
    assert.ok(imageResult.cases.length > 0 && imageResult.cases.every((item) => item.state === 'completed'));
    assert.equal(imageResult.env.container, true);
    assert.equal(imageResult.env.image?.base, nodeImage);
    assert.match(imageResult.lab.commit ?? '', /^[0-9a-f]{12}$/);
  });

  it('compose runs the database cases on its PostgreSQL, on the CPU set and memory limit it was given', () => {
    const dir = resultsDir();
    dirs.push(dir);
    const run = compose(['run', '--rm', 'lab', 'quick', '--filter', 'database', '--repeat', '3'], { LAB_CPUSET: '0', LAB_MEMORY: '3g', LAB_RESULTS: dir });
    compose(['down', '-v'], {});
    ok(run, 'compose run');
    const result = onlyResult(dir);
    assert.ok(result.cases.some((item) => item.suite === 'database'));
    assert.deepEqual(result.cases.filter((item) => item.state !== 'completed').map((item) => item.error), []);
    assert.equal(result.env.postgres?.origin, 'DATABASE_URL');
    assert.equal(result.env.postgres?.host, 'postgres');
    assert.doesNotMatch(JSON.stringify(result.env), /lab:lab@/);
    assert.equal(result.env.container, true);
    assert.equal(result.env.cpuset, '0');
    assert.equal(result.env.memoryLimitBytes, 3 * 1024 ** 3);
    assert.equal(result.scenario.poolSize, 1, 'LAB_CPUSET=0 gives pool size 1');
  });

  it('a one-node swarm runs the stack as a job, and lab merge of its result with another machine gives two machines', () => {
    const joined = sh('docker', ['info', '--format', '{{.Swarm.LocalNodeState}}']).stdout.trim() === 'active';
    if (!joined) ok(sh('docker', ['swarm', 'init', '--advertise-addr', '127.0.0.1']), 'swarm init');
    const dir = resultsDir();
    dirs.push(dir);
    try {
      ok(sh('docker', ['stack', 'deploy', '-c', STACK, 'labtest'], { LAB_IMAGE: IMAGE, LAB_RESULTS: dir, LAB_COMMAND: 'quick --filter exploration --repeat 3' }), 'stack deploy');
      let state = '';
      for (let waited = 0; waited < 300 && !/Complete|Failed|Rejected/.test(state); waited += 2) {
        spawnSync('sleep', ['2']);
        state = sh('docker', ['service', 'ps', 'labtest_lab', '--format', '{{.CurrentState}}']).stdout;
      }
      assert.match(state, /Complete/, `the job ended: ${state}`);
    } finally {
      sh('docker', ['stack', 'rm', 'labtest']);
      if (!joined) sh('docker', ['swarm', 'leave', '--force']);
    }
    const swarmResult = onlyResult(dir);
    const merged = path.join(dir, 'merged.txt');
    const imageDir = dirs[0]!;
    const imageFile = path.join(imageDir, readdirSync(imageDir).find((file) => file.endsWith('.json'))!);
    const swarmFile = path.join(dir, readdirSync(dir).find((file) => file.endsWith('.json'))!);
    const cli = fileURLToPath(new URL('../src/cli.js', import.meta.url));
    ok(sh(process.execPath, [cli, 'merge', imageFile, swarmFile, '--out', path.join(dir, 'merged.json')]), 'lab merge');
    const report = sh(process.execPath, [cli, 'report', path.join(dir, 'merged.json'), '--format', 'console', '--out', merged]);
    ok(report, 'lab report');
    assert.match(readFileSync(merged, 'utf8'), /Merged from 2 machines/);
    assert.ok(swarmResult.cases.every((item) => item.state === 'completed'));
  });
});
