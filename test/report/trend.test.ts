import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { after, describe, it } from 'node:test';
import { chromium } from 'playwright-core';
import type { RunResult } from '../../src/result/types.js';

const CLI = fileURLToPath(new URL('../../src/cli.js', import.meta.url));
const FIXTURE = fileURLToPath(new URL('../../../fixtures/results/exploration-quick.json', import.meta.url));
const CHROMIUM = '/usr/bin/chromium';
const CANVAS_PROBE = `[...document.querySelectorAll('canvas')].map((canvas) => {
  const pixels = canvas.getContext('2d').getImageData(0, 0, canvas.width, canvas.height).data;
  let painted = 0;
  for (let i = 3; i < pixels.length; i += 4) if (pixels[i] > 0) painted++;
  return { label: canvas.getAttribute('aria-label') || '', painted };
})`;

/** Three runs of one scenario a day apart; the third with every headline ratio ×1.5, its interval with it. */
function writeRuns(dir: string): void {
  const base = JSON.parse(readFileSync(FIXTURE, 'utf8')) as RunResult;
  for (const day of [1, 2, 3]) {
    const run = structuredClone(base);
    run.runId = `quick-2026110${day}-080000`;
    run.startedAt = `2026-11-0${day}T08:00:00.000Z`;
    for (const comparison of run.comparisons) {
      if (comparison.metric === 'throughputPerSec' && comparison.a === 'threads' && comparison.b.startsWith('processes')) {
        comparison.headline = comparison.b === 'processes:json' ? true : undefined;
        if (day === 3) {
          comparison.ratio *= 1.5;
          comparison.ci95 = [comparison.ratio * 0.97, comparison.ratio * 1.03];
        }
      }
    }
    writeFileSync(path.join(dir, `${run.runId}.json`), JSON.stringify(run));
  }
  writeFileSync(path.join(dir, 'notes.json'), '{"not": "a result"}');
}

describe('history and trends', () => {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'lab-trend-'));
  after(() => rmSync(dir, { recursive: true, force: true }));
  writeRuns(dir);

  it('lab history lists every run, oldest first, and says what it left out', () => {
    const run = spawnSync(process.execPath, [CLI, 'history', '--results-dir', dir], { encoding: 'utf8' });
    assert.equal(run.status, 0, run.stderr);
    const lines = run.stdout.trim().split('\n');
    assert.match(lines[0]!, /^started \(UTC\) +scenario +machine +commit +complete +cases +decided +file/);
    assert.deepEqual(lines.slice(2, 5).map((line) => line.slice(0, 10)), ['2026-11-01', '2026-11-02', '2026-11-03']);
    assert.match(lines.at(-1)!, /1 file\(s\) .* are not lab results/);
  });

  it('lab trend marks the run whose ratios moved, and its page paints every chart in Chromium without an error', async () => {
    const out = path.join(dir, 'trend.html');
    const run = spawnSync(process.execPath, [CLI, 'trend', '--results-dir', dir, '--scenario', 'quick'], { encoding: 'utf8' });
    assert.equal(run.status, 0, run.stderr);
    const [, ratios, shifts] = /(\d+) headline ratio\(s\) over 3 run\(s\); (\d+) shift\(s\) flagged/.exec(run.stderr) ?? [];
    assert.ok(Number(ratios) >= 2, run.stderr);
    assert.equal(Number(shifts), Number(ratios), 'exactly the third run of each ratio');
    const markdown = spawnSync(process.execPath, [CLI, 'trend', '--results-dir', dir, '--out', path.join(dir, 'trend.md')], { encoding: 'utf8' });
    assert.equal(markdown.status, 0, markdown.stderr);
    assert.match(readFileSync(path.join(dir, 'trend.md'), 'utf8'), /\| 2026-11-03 08:00 \| .* \| shifted \|/);

    assert.ok(existsSync(CHROMIUM), `${CHROMIUM} is missing: install Debian's chromium package`);
    const browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--headless', '--no-sandbox', '--disable-gpu'] });
    try {
      const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
      const errors: string[] = [];
      page.on('console', (message) => message.type() === 'error' && errors.push(message.text()));
      page.on('pageerror', (error) => errors.push(error.message));
      await page.goto(pathToFileURL(out).href, { waitUntil: 'load' });
      const canvases = (await page.evaluate(CANVAS_PROBE)) as Array<{ label: string; painted: number }>;
      assert.equal(canvases.length, 2 * Number(ratios), 'a ratio chart and a throughput chart per headline ratio');
      for (const canvas of canvases) assert.ok(canvas.painted > 1000, `${canvas.label}: drawn (${canvas.painted} pixels)`);
      assert.deepEqual(errors, []);
    } finally {
      await browser.close();
    }
  });

  it('says so in one line when nothing matches', () => {
    const run = spawnSync(process.execPath, [CLI, 'trend', '--results-dir', dir, '--scenario', 'full'], { encoding: 'utf8' });
    assert.equal(run.status, 2);
    assert.match(run.stderr, /^lab: no run of full with threads\/processes ratios in .*; see lab history\n$/);
  });
});
