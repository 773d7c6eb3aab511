/**
 * What a 64 KiB message costs on each of the throughput suite's channels,
 * beside the raw ceiling of its medium, and whether the suite's goals hold:
 *   - the best process channel moves 64 KiB messages at ≥ 2.5 GB/s;
 *   - the SharedArrayBuffer ring reaches ≥ 80 % of the memory-copy ceiling.
 *
 *   node dist/bench/channel-ceiling.js [--rounds 15] [--slice-ms 300] [--warmup-ms 1500] [--out FILE.json] [--pin split|one|none]
 *
 * Every channel is the suite's own code (src/suites/throughput), with one
 * long-lived receiver each. Contenders run in interleaved rounds of fixed
 * time slices (order rotated every round), after a warm-up slice each;
 * a slice is a run of bursts of BURST messages, timed from the first send
 * to the receiver taking the last message (the clock both share). Ceilings:
 * TypedArray.set of each message into a buffer of its size (threads) and
 * bare writes of the same bytes over a child's extra stdio pipe, read into
 * the same static buffer the msgpackr frames are read into (processes).
 * --pin split (default) puts the orchestrator on CPU 0 and every receiver
 * thread or child on CPU 1, for all contenders alike.
 */
import { openChannel, type ChannelSession } from '../src/suites/throughput/channels.js';
import { payloadTemplate, type ChannelKind } from '../workloads/channel/protocol.js';
import { memoryCopyBytesPerSec } from '../src/suites/throughput/thread-channels.js';
import { benchArgs } from './args.js';
import { assertNoChildren, explainStall } from './children.js';
import { environment, writeJson } from './environment.js';
import { Placement } from './placement.js';
import { type Contender, type ContenderResult, interleave, roundsLine, type Slice } from './rounds.js';
import { table } from './table.js';

const PAYLOAD_BYTES = 64 * 1024;
const BURST = 256;
const PROCESS_GOAL_BYTES_PER_SEC = 2.5e9;
const RING_GOAL_EFFICIENCY = 0.8;

const args = benchArgs({ rounds: 15, sliceMs: 300, warmupMs: 1500 });
const placement = new Placement(args.pin);
explainStall();

const body = payloadTemplate(PAYLOAD_BYTES, 42);

interface Entry {
  contender: Contender;
  side: 'threads' | 'processes';
  ceiling: boolean;
  close(): Promise<void>;
}

/** Runs `step` (which moves `messages` messages in `ms`) until the slice is over. */
async function slices(sliceMs: number, step: () => Promise<Slice>): Promise<Slice> {
  const total: Slice = { ops: 0, ms: 0 };
  const started = performance.now();
  while (performance.now() - started < sliceMs) {
    const { ops, ms } = await step();
    total.ops += ops;
    total.ms += ms;
  }
  return total;
}

async function open(kind: ChannelKind, serialization: 'json' | 'advanced' = 'advanced'): Promise<ChannelSession> {
  const threadsBefore = placement.threads();
  const session = await openChannel(kind, serialization);
  placement.agentThreadsSince(threadsBefore);
  if (session.pid !== undefined) placement.agentProcesses([session.pid]);
  return session;
}

function channelEntry(name: string, session: ChannelSession): Entry {
  return {
    side: session.side,
    ceiling: false,
    contender: {
      name,
      slice: (ms) =>
        slices(ms, async () => {
          const { report, durationMs } = await session.burst(body, BURST);
          return { ops: report.received, ms: durationMs };
        }),
    },
    close: () => session.close(),
  };
}

function ceilingEntry(name: string, session: ChannelSession): Entry {
  return {
    side: session.side,
    ceiling: true,
    contender: {
      name,
      slice: (ms) =>
        slices(ms, async () => {
          const bytesPerSec = await session.ceilingBytesPerSec(body, BURST);
          return { ops: BURST, ms: ((BURST * PAYLOAD_BYTES) / bytesPerSec) * 1000 };
        }),
    },
    close: () => session.close(),
  };
}

const memoryCopy: Entry = {
  side: 'threads',
  ceiling: true,
  contender: {
    name: 'memory copy (TypedArray.set)',
    slice: (ms) =>
      slices(ms, async () => ({ ops: BURST, ms: ((BURST * PAYLOAD_BYTES) / memoryCopyBytesPerSec(body, BURST)) * 1000 })),
  },
  close: async () => {},
};

const gbps = (result: ContenderResult): number => (result.ops.median * PAYLOAD_BYTES) / 1e9;

async function main(): Promise<void> {
  const entries: Entry[] = [memoryCopy];
  try {
    entries.push(channelEntry('port-copy', await open('port-copy')));
    entries.push(channelEntry('port-transfer', await open('port-transfer')));
    entries.push(channelEntry('shared-ring', await open('shared-ring')));
    entries.push(ceilingEntry('raw pipe (bare writes)', await open('pipe-msgpackr')));
    entries.push(channelEntry('ipc json', await open('ipc', 'json')));
    entries.push(channelEntry('ipc advanced', await open('ipc', 'advanced')));
    entries.push(channelEntry('pipe-msgpackr', await open('pipe-msgpackr')));

    console.log(`channels at ${PAYLOAD_BYTES / 1024} KiB per message, bursts of ${BURST}; ${placement.describe()}`);
    const { results, log } = await interleave(
      entries.map((entry) => entry.contender),
      args.rounds,
      args.sliceMs,
      args.warmupMs,
    );
    const ceilingOf = (side: Entry['side']): ContenderResult => results[entries.findIndex((entry) => entry.ceiling && entry.side === side)]!;
    const rows = results.map((result, index) => {
      const entry = entries[index]!;
      const ceiling = ceilingOf(entry.side);
      const paired = result.opsPerSec.map((rate, round) => rate / ceiling.opsPerSec[round]!).sort((a, b) => a - b);
      return {
        name: result.name,
        side: entry.side,
        ceiling: entry.ceiling,
        gbps: gbps(result),
        q1: (result.ops.q1 * PAYLOAD_BYTES) / 1e9,
        q3: (result.ops.q3 * PAYLOAD_BYTES) / 1e9,
        messagesPerSec: result.ops.median,
        efficiency: entry.ceiling ? 1 : gbps(result) / gbps(ceiling),
        pairedEfficiency: entry.ceiling ? 1 : paired[paired.length >> 1]!,
      };
    });
    console.log(
      table(
        ['channel', 'side', 'GB/s med', 'GB/s IQR', 'msg/s med', 'efficiency', 'paired eff.'],
        rows.map((row) => [
          row.name,
          row.side,
          row.gbps.toFixed(2),
          `${row.q1.toFixed(2)}–${row.q3.toFixed(2)}`,
          row.messagesPerSec.toFixed(0),
          row.ceiling ? '(ceiling)' : `${(row.efficiency * 100).toFixed(1)} %`,
          row.ceiling ? '' : `${(row.pairedEfficiency * 100).toFixed(1)} %`,
        ]),
        [false, false, true, true, true, true, true],
      ),
    );
    console.log(roundsLine(log));

    const processRows = rows.filter((row) => row.side === 'processes' && !row.ceiling);
    const best = processRows.reduce((a, b) => (b.gbps > a.gbps ? b : a));
    const ring = rows.find((row) => row.name === 'shared-ring')!;
    const advanced = rows.find((row) => row.name === 'ipc advanced')!;
    const rawPipe = rows.find((row) => row.side === 'processes' && row.ceiling)!;
    const goals = [
      {
        goal: `best process channel ≥ ${PROCESS_GOAL_BYTES_PER_SEC / 1e9} GB/s`,
        value: `${best.name} ${best.gbps.toFixed(2)} GB/s (ipc advanced ${advanced.gbps.toFixed(2)}, raw pipe ${rawPipe.gbps.toFixed(2)})`,
        met: best.gbps * 1e9 >= PROCESS_GOAL_BYTES_PER_SEC,
      },
      {
        goal: `shared-ring ≥ ${RING_GOAL_EFFICIENCY * 100} % of the memory copy`,
        value: `${(ring.efficiency * 100).toFixed(1)} % (${ring.gbps.toFixed(2)} of ${rows[0]!.gbps.toFixed(2)} GB/s; paired ${(ring.pairedEfficiency * 100).toFixed(1)} %)`,
        met: ring.efficiency >= RING_GOAL_EFFICIENCY,
      },
    ];
    console.log('\nGoals:');
    for (const goal of goals) console.log(`  ${goal.met ? 'met   ' : 'MISSED'}  ${goal.goal}: ${goal.value}`);
    writeJson(args.out, {
      bench: 'channel-ceiling',
      environment: environment(),
      settings: { payloadBytes: PAYLOAD_BYTES, burst: BURST, rounds: args.rounds, sliceMs: args.sliceMs, warmupMs: args.warmupMs, pin: placement.mode },
      rounds: log,
      rows,
      goals,
    });
  } finally {
    for (const entry of entries) await entry.close();
  }
  await assertNoChildren('channel-ceiling');
}

await main();
