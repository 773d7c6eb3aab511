import assert from 'node:assert/strict';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { runFixture } from '../../fixtures/run-scenario.js';
import { after, before, describe, it } from 'node:test';
import { chromium, type Browser } from 'playwright-core';
import { analyseRun, type WithinRunAnalysis } from '../../src/compare/analysis.js';
import { compareWithBaseline } from '../../src/compare/baseline.js';
import { loadThresholds } from '../../src/compare/thresholds.js';
import { renderHtml } from '../../src/report/html.js';
import type { RunResult } from '../../src/result/types.js';

const RESULTS = fileURLToPath(new URL('../../../results/', import.meta.url));
const CHROMIUM = '/usr/bin/chromium';
const CHROMIUM_ARGS = [
  '--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update',
  '--disable-sync', '--no-first-run', '--disable-quic',
];
const URL_PATTERN = /https?:\/\//i;

interface CanvasCheck {
  label: string;
  width: number;
  height: number;
  paintedPixels: number;
  dataPoints: number;
}

// Browser-side probes are strings: this project compiles without the DOM's types.
/** Size, painted (non-transparent) pixels and Chart.js data points of every canvas on the page. */
const CANVAS_PROBE = `[...document.querySelectorAll('canvas')].map((canvas) => {
  const pixels = canvas.getContext('2d').getImageData(0, 0, canvas.width, canvas.height).data;
  let paintedPixels = 0;
  for (let i = 3; i < pixels.length; i += 4) if (pixels[i] > 0) paintedPixels++;
  const chart = Chart.getChart(canvas);
  const dataPoints = chart ? chart.data.datasets.reduce((total, d) => total + d.data.filter((v) => v !== null).length, 0) : 0;
  return { label: canvas.getAttribute('aria-label') || '', width: canvas.width, height: canvas.height, paintedPixels, dataPoints };
})`;
/** Sections with neither a chart, a table, a note that there is no data, nor anything else to show. */
const EMPTY_SECTIONS_PROBE = `[...document.querySelectorAll('section')]
  .filter((s) => !s.querySelector('canvas, table, p.empty, .cards, button')).map((s) => s.id)`;

const NEXT_FRAMES = 'new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(() => setTimeout(resolve, 0))))';

/** One real run of the tiny scenario, rendered to HTML and opened in headless Chromium. */
describe('HTML report of a real run', () => {
  const directory = mkdtempSync(path.join(os.tmpdir(), 'lab-html-'));
  let result: RunResult;
  let analysis: WithinRunAnalysis;
  let html: string;
  let reportUrl: string;
  let browser: Browser | undefined;

  before(async () => {
    const outcome = await runFixture('tiny.json', directory);
    result = outcome.result;
    analysis = analyseRun(result);
    html = renderHtml({ result, analysis, resultPath: outcome.resultPath });
    const reportPath = path.join(directory, 'report.html');
    writeFileSync(reportPath, html);
    reportUrl = pathToFileURL(reportPath).href;
  });
  after(async () => {
    await browser?.close();
    rmSync(directory, { recursive: true, force: true });
  });

  it('is one file that names no network address', () => {
    assert.equal(URL_PATTERN.exec(html)?.[0], undefined);
    assert.doesNotMatch(html, /<(link|script|img)[^>]+(src|href)="(?!data:|#)/i, 'no external resource');
  });

  it('renders every chart in a real browser, with no error and no request beyond the file itself', async () => {
    assert.ok(existsSync(CHROMIUM), `${CHROMIUM} is missing: install Debian's chromium package`);
    browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS });
    const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
    const errors: string[] = [];
    const requests: string[] = [];
    page.on('console', (message) => {
      if (message.type() === 'error') errors.push(message.text());
    });
    page.on('pageerror', (error) => errors.push(error.message));
    page.on('request', (request) => requests.push(request.url()));
    await page.goto(reportUrl, { waitUntil: 'load' });

    const canvases = (await page.evaluate(CANVAS_PROBE)) as CanvasCheck[];
    const ratioWorkloads = new Set(analysis.points.filter((p) => p.ratios.some((r) => r.metric === 'throughputPerSec')).map((p) => p.workload));
    // A ratio chart per workload, the latency curves and the memory bars at least; sweeps add more.
    assert.ok(canvases.length >= ratioWorkloads.size + 2, `${canvases.length} canvases for ${ratioWorkloads.size} workloads`);
    for (const canvas of canvases) {
      assert.ok(canvas.width > 0 && canvas.height > 0, `${canvas.label}: canvas has a size`);
      assert.ok(canvas.paintedPixels > 1000, `${canvas.label}: canvas is drawn (${canvas.paintedPixels} pixels)`);
      assert.ok(canvas.dataPoints > 0, `${canvas.label}: chart has data`);
    }
    const sectionsWithoutContent = (await page.evaluate(EMPTY_SECTIONS_PROBE)) as string[];
    assert.deepEqual(sectionsWithoutContent, [], 'a section without data says so instead of drawing nothing');

    for (const width of [1280, 1024]) {
      await page.setViewportSize({ width, height: 800 });
      // Chart.js resizes its canvases on a ResizeObserver callback and then an animation frame.
      await page.evaluate(NEXT_FRAMES);
      const overflow = (await page.evaluate('document.documentElement.scrollWidth - window.innerWidth')) as number;
      assert.ok(overflow <= 0, `no sideways scrolling at ${width}px (${overflow}px too wide)`);
    }
    await page.setViewportSize({ width: 1280, height: 800 });
    mkdirSync(RESULTS, { recursive: true });
    await page.screenshot({ path: path.join(RESULTS, 'report-screenshot.png'), fullPage: true });

    const choices = await page.locator('#latency select option').count();
    await page.selectOption('#latency select', { index: choices - 1 });

    const [download] = await Promise.all([page.waitForEvent('download'), page.click('#download-result')]);
    const saved = JSON.parse(readFileSync((await download.path())!, 'utf8')) as RunResult;
    assert.equal(saved.runId, result.runId);
    assert.deepEqual(saved.cases[0]!.samples, result.cases[0]!.samples, 'the download carries the raw samples unchanged');

    assert.deepEqual(errors, []);
    const outside = requests.filter((url) => url !== reportUrl && !url.startsWith('data:') && !url.startsWith('blob:'));
    assert.deepEqual(outside, []);
  });

  it('keeps text from the result inert: it closes no element, names no address, and the embedded result reads back unchanged', () => {
    const hostile: RunResult = { ...result, scenario: { ...result.scenario, file: 'https://example.test/</script><script>alert(1)</script>' } };
    const page = renderHtml({ result: hostile, analysis });
    assert.equal(URL_PATTERN.exec(page)?.[0], undefined);
    assert.ok(!page.includes('<script>alert(1)'));
    const embedded = /<script type="application\/json" id="lab-result">(.*?)<\/script>/s.exec(page)?.[1];
    assert.deepEqual(JSON.parse(embedded!), JSON.parse(JSON.stringify(hostile)));
  });

  it('states the comparison with a baseline when one is given', () => {
    const comparison = compareWithBaseline(result, result, loadThresholds());
    const withBaseline = renderHtml({ result, analysis, baseline: { result, comparison } });
    assert.match(withBaseline, /Against the baseline:<\/strong> 0 regression, 0 inconclusive, 0 improvement, \d+ undecided, \d+ same in \d+ metric comparisons/);
    assert.match(withBaseline, /<th>baseline<\/th>/, 'the baseline environment sits beside this run');
    assert.equal(URL_PATTERN.exec(withBaseline)?.[0], undefined);
  });
});
