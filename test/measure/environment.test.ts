import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import os from 'node:os';
import { describe, it } from 'node:test';
import { countCpuList, cpuQuota, environmentDifferences, fingerprint, imageIdentity, memoryLimitBytes, type Environment, type SystemFiles } from '../../src/measure/environment.js';

function files(entries: Record<string, string>): SystemFiles {
  return { read: (file) => entries[file] };
}

describe('container-aware environment', () => {
  it('reads a cgroup v2 CPU quota and memory limit, the tighter of the process and its ancestors', () => {
    const v2 = files({
      '/proc/self/cgroup': '0::/lab/run\n',
      '/sys/fs/cgroup/lab/run/cpu.max': 'max 100000\n',
      '/sys/fs/cgroup/lab/cpu.max': '150000 100000\n',
      '/sys/fs/cgroup/lab/run/memory.max': '536870912\n',
      '/sys/fs/cgroup/memory.max': 'max\n',
    });
    assert.equal(cpuQuota(v2), 1.5);
    assert.equal(memoryLimitBytes(v2), 512 * 1024 ** 2);
  });

  it('reads a cgroup v1 quota and limit, and treats the v1 "unlimited" value as none', () => {
    const limited = files({
      '/proc/self/cgroup': '4:memory:/\n1:cpu,cpuacct:/\n',
      '/sys/fs/cgroup/cpu/cpu.cfs_quota_us': '200000\n',
      '/sys/fs/cgroup/cpu/cpu.cfs_period_us': '100000\n',
      '/sys/fs/cgroup/memory/memory.limit_in_bytes': '4294967296\n',
    });
    assert.equal(cpuQuota(limited), 2);
    assert.equal(memoryLimitBytes(limited), 4 * 1024 ** 3);
    const unlimited = files({
      '/proc/self/cgroup': '4:memory:/\n1:cpu,cpuacct:/\n',
      '/sys/fs/cgroup/cpu/cpu.cfs_quota_us': '-1\n',
      '/sys/fs/cgroup/cpu/cpu.cfs_period_us': '100000\n',
      '/sys/fs/cgroup/memory/memory.limit_in_bytes': '9223372036854771712\n',
    });
    assert.equal(cpuQuota(unlimited), null);
    assert.equal(memoryLimitBytes(unlimited), null);
  });

  it('counts kernel CPU lists', () => {
    assert.equal(countCpuList('0'), 1);
    assert.equal(countCpuList('0-3,8,10-11'), 7);
  });

  it('records the CPU set, and pools follow it: os.availableParallelism() already honours a cpuset (taskset)', (t) => {
    const env = fingerprint();
    assert.equal(countCpuList(env.cpuset!), os.availableParallelism());
    if (spawnSync('taskset', ['--version']).status !== 0) return t.skip('taskset is not installed');
    const pinned = spawnSync('taskset', ['-c', '0', process.execPath, '-p', 'os.availableParallelism()'], { encoding: 'utf8' });
    assert.equal(pinned.stdout.trim(), '1');
  });

  it('takes the image identity from what docker/Dockerfile sets', () => {
    assert.equal(imageIdentity({}), null);
    const image = imageIdentity({ LAB_IMAGE: 'lab:latest', LAB_IMAGE_BASE: 'node:20-bookworm-slim', LAB_COMMIT: 'abc123' })!;
    assert.deepEqual({ ...image, version: undefined }, { name: 'lab:latest', base: 'node:20-bookworm-slim', commit: 'abc123', version: undefined });
    assert.match(image.version!, /^\d+\.\d+\.\d+/);
  });

  it('names every container field that differs between two runs, and never a field an older result lacks', () => {
    const base = { container: false, cpuset: '0-15', cpuQuota: null, memoryLimitBytes: null, image: null, postgres: { version: '18.4', origin: 'embedded' } } as Partial<Environment>;
    const head = { container: true, cpuset: '0', cpuQuota: 1, memoryLimitBytes: 4096, image: null, postgres: { version: '15.18', origin: 'DATABASE_URL', host: 'postgres', port: 5432, database: 'labdb' } } as Partial<Environment>;
    assert.deepEqual(environmentDifferences(base, head).map(([name]) => name), ['container', 'CPU set', 'CPU quota', 'memory limit', 'PostgreSQL']);
    assert.deepEqual(environmentDifferences({ node: 'v20' } as Partial<Environment>, head), []);
  });
});
