import autocannon from 'autocannon';
import { performance } from 'node:perf_hooks';
import { createHistogram, encodeHistogram, recordMs } from '../../kernel/histogram.js';
import { serveJobs } from '../job-child.js';
import type { LoadJob, LoadOutcome } from './protocol.js';


/** autocannon hands its result over at the first sample tick after the duration: a short tick keeps the overshoot short. */
const SAMPLE_INTERVAL_MS = 50;

function load(job: LoadJob): Promise<LoadOutcome> {
  const histogram = createHistogram();
  let responses = 0;
  let responses2xx = 0;
  const cpuBefore = process.cpuUsage();
  const started = performance.now();
  return new Promise((resolve, reject) => {
    const instance = autocannon(
      {
        url: job.url,
        connections: job.connections,
        duration: job.durationMs / 1000,
        sampleInt: Math.min(SAMPLE_INTERVAL_MS, job.durationMs),
        expectBody: job.expectBody,
      },
      (error: unknown, result: autocannon.Result) => {
        if (error) return reject(error instanceof Error ? error : new Error(String(error)));
        const elapsedMs = performance.now() - started;
        const cpu = process.cpuUsage(cpuBefore);
        resolve({
          responses,
          responses2xx,
          elapsedMs,
          histogram: encodeHistogram(histogram),
          errors: result.errors,
          timeouts: result.timeouts,
          non2xx: result.non2xx,
          mismatches: result.mismatches,
          resets: result.resets,
          autocannonLatencyMs: {
            p50: result.latency.p50,
            p97_5: result.latency.p97_5,
            p99: result.latency.p99,
            p99_9: result.latency.p99_9,
            max: result.latency.max,
          },
          cpuPercent: ((cpu.user + cpu.system) / 1000 / elapsedMs) * 100,
        });
      },
    );
    instance.on('response', (_client, statusCode, _bytes, responseTimeMs) => {
      responses++;
      if (statusCode >= 200 && statusCode < 300) responses2xx++;
      recordMs(histogram, responseTimeMs);
    });
  });
}

/**
 * The load generator: a child process of its own, so autocannon never shares
 * an event loop (or a core's time slice) with the inline server it measures.
 * Runs one load per request from the lab and answers with what it counted.
 */
serveJobs<LoadJob, LoadOutcome>('load', load);
