import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, describe, it } from 'node:test';
import { runFixture } from '../../fixtures/run-scenario.js';
import type { CaseResult, RunResult } from '../../src/result/types.js';

const MiB = 1024 * 1024;

function side(result: RunResult, backend: string): CaseResult {
  const found = result.cases.find((item) => `${item.backend}${item.variant === 'default' ? '' : `:${item.variant}`}` === backend || item.id.endsWith(`/${backend}`));
  assert.ok(found, `a ${backend} case`);
  return found;
}

describe('memory measured alone (fairness rule 4)', () => {
  const directory = mkdtempSync(path.join(os.tmpdir(), 'lab-memory-alone-'));
  after(() => rmSync(directory, { recursive: true, force: true }));

  it('inline’s memory does not grow with the processes sides in the run: the same 64 KiB stream, with and without two processes sides', async () => {
    const without = (await runFixture('memory-in-process.json', directory)).result;
    const withProcesses = (await runFixture('memory-all-sides.json', directory)).result;
    const alone = side(without, 'inline').summary!.memory;
    const crowded = side(withProcesses, 'inline').summary!.memory;
    assert.match(crowded.accounting, /measured alone/);
    // Two processes sides streamed 64 KiB messages through this process before inline's pass: none of it is inline's.
    // (Both runs share this test's process, whose base grows from one run to the next: the sides' own parts compare.)
    const own = (memory: typeof alone): number => memory.rssBytes - memory.baselineRssBytes;
    assert.ok(
      Math.abs(own(crowded) - own(alone)) <= Math.max(0.15 * alone.rssBytes, 8 * MiB),
      `inline adds ${(own(alone) / MiB).toFixed(1)} MiB alone in its run, ${(own(crowded) / MiB).toFixed(1)} MiB in a run with processes sides`,
    );
    // Each processes side is its children and the orchestrator: more than the in-process sides, and read alone.
    for (const label of ['processes:json', 'processes:advanced']) {
      const memory = side(withProcesses, label);
      assert.equal(memory.memoryAlone!.processes, 3, `${label}: the orchestrator and its 2 children`);
      assert.ok(memory.summary!.memory.rssBytes > crowded.rssBytes, `${label} holds more than inline`);
    }
  });
});
