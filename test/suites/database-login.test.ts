import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, it } from 'node:test';
import { startEmbedded } from '../../src/suites/database/server.js';

const CLI = fileURLToPath(new URL('../../src/cli.js', import.meta.url));
const SCENARIO = fileURLToPath(new URL('../../../fixtures/scenarios/database.json', import.meta.url));

describe('DATABASE_URL with a wrong password', () => {
  it('exits 2 with one line saying the password was refused for the user, never the password', async () => {
    const server = await startEmbedded();
    try {
      const wrong = new URL(server.url);
      wrong.password = 'not-the-password';
      const run = spawnSync(process.execPath, [CLI, 'run', SCENARIO], { encoding: 'utf8', env: { ...process.env, DATABASE_URL: wrong.href } });
      assert.equal(run.status, 2, run.stderr);
      assert.equal(run.stderr.trim().split('\n').length, 1, run.stderr);
      assert.match(run.stderr, new RegExp(`^lab: PostgreSQL at 127\\.0\\.0\\.1:\\d+, database ".+" refused the login: password authentication failed for user "${wrong.username}" \\(28P01\\)`));
      assert.doesNotMatch(run.stderr, /not-the-password/);
    } finally {
      await server.stop();
    }
  });
});
