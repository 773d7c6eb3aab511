import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, describe, it } from 'node:test';
import { initialise, makeServerDirs, nativeDir, serverAccount } from '../../src/suites/database/embedded.js';
import { startEmbedded } from '../../src/suites/database/server.js';

const isRoot = process.getuid?.() === 0;

function leftovers(): string[] {
  return readdirSync(os.tmpdir()).filter((name) => name.startsWith('pg-password-') || name.startsWith('lab-postgres-'));
}

describe('embedded PostgreSQL: password file and root', () => {
  const scratch = mkdtempSync(path.join(os.tmpdir(), 'lab-pgroot-'));
  after(() => rmSync(scratch, { recursive: true, force: true }));

  it('initdb reads a 0600 password file, which is gone afterwards, whether initdb succeeds or fails', async () => {
    const bin = path.join(scratch, 'bin');
    mkdirSync(bin);
    const report = path.join(scratch, 'seen');
    // A stand-in initdb that records the mode of its --pwfile, then fails.
    writeFileSync(path.join(bin, 'initdb'), `#!/bin/sh\nfor a in "$@"; do case "$a" in --pwfile=*) stat -c %a "\${a#--pwfile=}" > ${report};; esac; done\necho "initdb: boom" >&2\nexit 1\n`);
    chmodSync(path.join(bin, 'initdb'), 0o755);
    const dirs = { root: scratch, data: path.join(scratch, 'data'), bin };
    await assert.rejects(initialise(dirs, undefined, 'lab', 'secret'), /initdb exited with code 1: initdb: boom/);
    assert.equal(readFileSync(report, 'utf8').trim(), '600');
    assert.equal(existsSync(path.join(scratch, 'password')), false);
  });

  it('a server binary that cannot be executed fails with the cause instead of crashing the process', async () => {
    const dirs = { root: scratch, data: path.join(scratch, 'data'), bin: path.join(scratch, 'missing') };
    await assert.rejects(initialise(dirs, undefined, 'lab', 'secret'), /ENOENT|EACCES/);
    assert.equal(existsSync(path.join(scratch, 'password')), false);
  });

  it('as root, runs the server as postgres from binaries in a directory only root may enter', { skip: !isRoot && 'needs root' }, () => {
    const account = serverAccount()!;
    const privateDir = mkdtempSync(path.join(scratch, 'private-'));
    chmodSync(privateDir, 0o700);
    execFileSync('cp', ['-a', nativeDir(), path.join(privateDir, 'native')]);
    const dirs = makeServerDirs(account, path.join(privateDir, 'native'));
    try {
      assert.ok(dirs.bin.startsWith(dirs.root), `binaries mirrored under ${dirs.root}`);
      const version = spawnSync(path.join(dirs.bin, 'postgres'), ['--version'], { ...account, cwd: dirs.root, encoding: 'utf8' });
      assert.equal(version.status, 0, version.stderr || version.error?.message);
    } finally {
      rmSync(dirs.root, { recursive: true, force: true });
    }
  });

  it('starts and stops, leaving no password file and no data directory', async () => {
    const before = new Set(leftovers());
    const server = await startEmbedded();
    await server.stop();
    assert.deepEqual(leftovers().filter((name) => !before.has(name)), []);
  });
});
