import { decodeHistogram } from '../../src/kernel/histogram.js';
import type { Backend } from '../../src/backends/types.js';
import { numberParam, stringParam, type CaseParams, type Repetition, type WarmWorkload } from '../../src/workloads/types.js';
import type { ChannelSession, ChannelSessions } from '../../src/suites/throughput/channels.js';
import type { IpcSerialization } from '../../src/suites/throughput/process-channels.js';
import { throughputSuite } from '../../src/suites/throughput/suite.js';
import { inSuite } from '../../src/suites/suite.js';
import { PROCESS_CHANNELS, THREAD_CHANNELS, expectedChecksum, isThreadChannel, payloadTemplate, type ChannelKind } from './protocol.js';

const MIN_MESSAGES = 16;
const MAX_MESSAGES = 20_000;

/** Messages per timed burst: `volumeMiB` of payload, within bounds that keep tiny and huge payloads quick. */
export function burstMessages(payloadBytes: number, volumeMiB: number): number {
  return Math.max(MIN_MESSAGES, Math.min(MAX_MESSAGES, Math.round((volumeMiB * 2 ** 20) / payloadBytes)));
}

/** An untimed quarter burst before each timed one (channel and ceiling alike), after whatever the other side just ran. */
function warmupMessages(messages: number): number {
  return Math.max(4, Math.round(messages / 4));
}

/**
 * A new receiver first gets bursts for this long, untimed: V8 needs a few
 * hundred milliseconds of traffic (optimised receive loops, grown heaps) on
 * both ends before a channel runs at its steady rate.
 */
const SESSION_WARMUP_MS = 200;

async function warmSession(session: ChannelSession, body: Buffer, messages: number): Promise<void> {
  const started = performance.now();
  do {
    await session.burst(body, messages);
    await session.ceilingBytesPerSec(body, warmupMessages(messages));
  } while (performance.now() - started < SESSION_WARMUP_MS);
}

/** Sessions that have had their first warm-up. */
const warmed = new WeakSet<ChannelSession>();

function checkSide(kind: ChannelKind, backend: Backend): void {
  const wanted = isThreadChannel(kind) ? 'threads' : 'processes';
  if (backend.kind === wanted) return;
  const entry = wanted === 'threads' ? '"threads"' : '"processes:json", "processes:advanced"';
  throw new Error(`channel ${kind} runs on the ${wanted} side: give its scenario entry "backends": [${entry}], not ${backend.kind}`);
}

async function measure(session: ChannelSession, params: CaseParams, seed: number): Promise<Repetition> {
  const payloadBytes = numberParam(params, 'payloadBytes');
  const messages = burstMessages(payloadBytes, numberParam(params, 'volumeMiB'));
  const body = payloadTemplate(payloadBytes, seed);
  if (!warmed.has(session)) {
    await warmSession(session, body, messages);
    warmed.add(session);
  }
  await session.burst(body, warmupMessages(messages));
  const { report, durationMs } = await session.burst(body, messages);
  const expected = expectedChecksum(body, messages);
  if (report.received !== messages || report.checksum !== expected) {
    throw new Error(`${session.kind} delivered ${report.received} of ${messages} messages, checksum ${report.checksum} where ${expected} was due`);
  }
  await session.ceilingBytesPerSec(body, warmupMessages(messages));
  const ceilingBytesPerSec = await session.ceilingBytesPerSec(body, messages);
  const bytesPerSec = report.bytes / (durationMs / 1000);
  const { samplePids } = await import('../../src/measure/resources.js');
  const receiver = session.pid === undefined ? undefined : (await samplePids([session.pid])).get(session.pid);
  return {
    operations: messages,
    durationMs,
    latency: decodeHistogram(report.histogram),
    checksum: report.checksum,
    metrics: {
      bytesPerSec,
      ceilingBytesPerSec,
      efficiency: bytesPerSec / ceilingBytesPerSec,
      receiverStartMs: session.startMs,
      // The child holding the receiver: the orchestrator plus this is the side's memory.
      ...(receiver ? { perAgentRssBytes: receiver.rssBytes } : {}),
      ...(receiver?.pssBytes ? { perAgentPssBytes: receiver.pssBytes } : {}),
    },
  };
}

/**
 * One-way messages from the orchestrator to one receiver over each channel,
 * with the raw ceiling of the medium measured in the same repetition: a
 * memory copy of each message for the thread channels, bare writes of the
 * same bytes on the same pipe for the process channels; `efficiency` = the
 * channel's bytes/s ÷ the ceiling's.
 *
 * The receiver is this suite's own worker thread or forked child, not the
 * runner's pool (left idle): the pool's task and channel protocol would be
 * measured along with the channel, and it cannot carry a SharedArrayBuffer
 * ring or an extra pipe. Receivers are started by the first repetition of a
 * case (the runner's warm-up) and kept for the rest, as the runner keeps its
 * pools, so timed repetitions run on warm code and heaps at both ends.
 */
export const channel: WarmWorkload = {
  name: 'channel',
  ...inSuite(throughputSuite),
  description:
    'one-way messages of 64 B to 4 MiB per channel — MessagePort copy or transfer, SharedArrayBuffer ring (threads); IPC json or advanced, msgpackr frames on an extra pipe (processes) — beside the raw ceiling of the same run',
  throughputUnit: 'messages/s',
  latencyDefinition:
    'one message, one way: from the sender’s send call to the receiver’s handler, on the monotonic clock both share (about 4 MiB, at most 256 messages, in flight)',
  lifecycle: 'warm',
  parameters: {
    channel: {
      description: 'port-copy, port-transfer, shared-ring (threads side); ipc with the side’s serialization, pipe-msgpackr (processes side)',
      default: 'port-copy',
      choices: [...THREAD_CHANNELS, ...PROCESS_CHANNELS],
    },
    payloadBytes: { description: 'bytes of body per message', default: 65536 },
    volumeMiB: { description: `MiB per timed burst (messages = this ÷ payloadBytes, ${MIN_MESSAGES} to ${MAX_MESSAGES})`, default: 64 },
  },
  agents: () => 1,
  pool: () => ({ poolSize: 1, tasksPerWorker: 1 }),
  async prepare() {
    const { ChannelSessions } = await import('../../src/suites/throughput/channels.js');
    const sessions = new ChannelSessions();
    return { value: sessions, close: () => sessions.closeAll() };
  },
  async run({ backend, params, seed, prepared }) {
    const kind = stringParam(params, 'channel') as ChannelKind;
    checkSide(kind, backend);
    const serialization = (backend.kind === 'processes' ? backend.variant : 'advanced') as IpcSerialization;
    const sessions = prepared as ChannelSessions | undefined;
    const session = sessions
      ? await sessions.acquire(JSON.stringify(params), kind, serialization)
      : await (await import('../../src/suites/throughput/channels.js')).openChannel(kind, serialization);
    try {
      return await measure(session, params, seed);
    } catch (error) {
      if (sessions) await sessions.discard(session);
      throw error;
    } finally {
      if (!sessions) await session.close();
    }
  },
};
