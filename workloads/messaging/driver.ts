import { digest, type Ack, type Envelope } from './agent.js';
import { Checksum } from '../../src/kernel/random.js';
import type { AgentChannel, Backend } from '../../src/backends/types.js';
import { createHistogram, recordMs, type Histogram } from '../../src/kernel/histogram.js';
import { combineChecksums, numberParam, range, stringParam, type Repetition, type WarmWorkload } from '../../src/workloads/types.js';

export type Pattern = 'roundtrip' | 'stream' | 'fanout';

/** Messages in flight at once in a stream: enough to keep the channel busy, bounded so memory is too. */
export const STREAM_WINDOW = 16;

/**
 * Messages per repetition, by pattern: enough that the slowest backend
 * takes tens of milliseconds (so timer and GC noise stay small), bounded in
 * bytes so large payloads stay quick.
 */
export function messageCount(pattern: Pattern, payloadBytes: number): number {
  // One run is a small unit; the runner batches runs until a repetition lasts its target time.
  const [bytes, most] = pattern === 'stream' ? [8 * 1024 * 1024, 2_000] : [4 * 1024 * 1024, 500];
  return Math.max(24, Math.min(most, Math.round(bytes / payloadBytes)));
}

export function payloadBody(payloadBytes: number, seed: number): string {
  const alphabet = 'abcdefghijklmnopqrstuvwxyz0123456789';
  const unit = alphabet.slice(seed % alphabet.length) + alphabet.slice(0, seed % alphabet.length);
  return unit.repeat(Math.ceil(payloadBytes / unit.length)).slice(0, payloadBytes);
}

/** Calls `next` for each message the channel delivers, one at a time, awaiting the returned promise. */
function replies(channel: AgentChannel): () => Promise<unknown> {
  let waiting: ((message: unknown) => void) | undefined;
  channel.onMessage((message) => waiting!(message));
  return () => new Promise((resolve) => (waiting = resolve));
}

async function roundTrips(backend: Backend, body: string, messages: number): Promise<Outcome> {
  const channel = await backend.open({ workload: 'messaging', handler: 'echo', args: null });
  const nextReply = replies(channel);
  const latency = createHistogram();
  const checksum = new Checksum();
  const started = performance.now();
  for (let seq = 0; seq < messages; seq++) {
    const sent = performance.now();
    const reply = nextReply();
    channel.send({ seq, body } satisfies Envelope);
    const echoed = (await reply) as Envelope;
    recordMs(latency, performance.now() - sent);
    checksum.add(echoed.seq).add(digest(echoed.body));
  }
  const durationMs = performance.now() - started;
  checksum.add((await channel.close()) as number);
  return { operations: messages, bytes: 2 * messages * body.length, durationMs, latency, checksum: checksum.hex() };
}

async function stream(backend: Backend, body: string, messages: number): Promise<Outcome> {
  const channel = await backend.open({ workload: 'messaging', handler: 'sink', args: null });
  const latency = createHistogram();
  const checksum = new Checksum();
  const sentAt = new Float64Array(messages);
  let sent = 0;
  const send = (): void => {
    sentAt[sent] = performance.now();
    channel.send({ seq: sent++, body } satisfies Envelope);
  };
  const started = performance.now();
  await new Promise<void>((resolve) => {
    let acked = 0;
    channel.onMessage((message) => {
      const ack = message as Ack;
      recordMs(latency, performance.now() - sentAt[ack.seq]!);
      checksum.add(ack.seq).add(ack.digest);
      if (++acked === messages) resolve();
      else if (sent < messages) send();
    });
    while (sent < Math.min(STREAM_WINDOW, messages)) send();
  });
  const durationMs = performance.now() - started;
  checksum.add((await channel.close()) as number);
  return { operations: messages, bytes: messages * body.length, durationMs, latency, checksum: checksum.hex() };
}

async function fanOut(backend: Backend, body: string, rounds: number, agents: number): Promise<Outcome> {
  const channels = await Promise.all(range(agents).map(() => backend.open({ workload: 'messaging', handler: 'sink', args: null })));
  const latency = createHistogram();
  // Acknowledgements arrive in any order across agents: fold them per agent, then in agent order.
  const perAgent = channels.map(() => new Checksum());
  let onAck: (agent: number, ack: Ack) => void = () => {};
  channels.forEach((channel, agent) => channel.onMessage((ack) => onAck(agent, ack as Ack)));
  const started = performance.now();
  for (let seq = 0; seq < rounds; seq++) {
    const sent = performance.now();
    await new Promise<void>((resolve) => {
      let pending = agents;
      onAck = (agent, ack) => {
        perAgent[agent]!.add(ack.seq).add(ack.digest);
        if (--pending === 0) resolve();
      };
      for (const channel of channels) channel.send({ seq, body } satisfies Envelope);
    });
    recordMs(latency, performance.now() - sent);
  }
  const durationMs = performance.now() - started;
  const received = (await Promise.all(channels.map((channel) => channel.close()))) as number[];
  const checksum = combineChecksums(perAgent.map((part, agent) => part.add(received[agent]!).hex()));
  return { operations: rounds * agents, bytes: rounds * agents * body.length, durationMs, latency, checksum };
}

interface Outcome {
  operations: number;
  bytes: number;
  durationMs: number;
  latency: Histogram;
  checksum: string;
}

export const messaging: WarmWorkload = {
  name: 'messaging',
  description: 'messages across the backend boundary: round trips, windowed one-way streams, fan-out to every agent',
  throughputUnit: 'messages/s',
  latencyDefinition:
    'roundtrip: send to echo received; stream: send to acknowledgement, 16 in flight; fanout: send to the last agent’s acknowledgement — all timed by the orchestrator',
  lifecycle: 'warm',
  parameters: {
    pattern: { description: 'roundtrip, stream or fanout', default: 'roundtrip', choices: ['roundtrip', 'stream', 'fanout'] },
    payloadBytes: { description: 'bytes of body per message', default: 1024 },
    agents: { description: 'fanout receivers', default: 4, appliesWhen: (params) => params.pattern === 'fanout' },
  },
  agents: (params) => (stringParam(params, 'pattern') === 'fanout' ? numberParam(params, 'agents') : 1),
  pool: (params, poolSize) => ({ poolSize, tasksPerWorker: Math.ceil((numberParam(params, 'agents') || 1) / poolSize) }),
  async run({ backend, params, seed }): Promise<Repetition> {
    const payloadBytes = numberParam(params, 'payloadBytes');
    const body = payloadBody(payloadBytes, seed);
    const pattern = stringParam(params, 'pattern') as Pattern;
    const messages = messageCount(pattern, payloadBytes);
    const outcome =
      pattern === 'roundtrip'
        ? await roundTrips(backend, body, messages)
        : pattern === 'stream'
          ? await stream(backend, body, messages)
          : await fanOut(backend, body, Math.max(8, Math.round(messages / 2)), numberParam(params, 'agents'));
    return {
      operations: outcome.operations,
      durationMs: outcome.durationMs,
      latency: outcome.latency,
      checksum: outcome.checksum,
      metrics: { bytesPerSec: outcome.bytes / (outcome.durationMs / 1000) },
    };
  },
};
