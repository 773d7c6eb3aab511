import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { contenderLines } from '../../src/compare/contenders.js';
import type { CaseResult } from '../../src/result/types.js';
import type { CaseParams } from '../../src/workloads/types.js';

function channelCase(channel: string, backend: string, variant: string, throughputPerSec: number, efficiency: number): CaseResult {
  const params: CaseParams = { channel, payloadBytes: 65536, volumeMiB: 16, poolSize: 1 };
  return {
    id: `channel/${channel}/${backend}:${variant}`,
    suite: 'throughput',
    workload: 'channel',
    backend,
    variant,
    params,
    agents: 1,
    state: 'completed',
    samples: [],
    summary: {
      throughputPerSec,
      throughputUnit: 'messages/s',
      metrics: { bytesPerSec: throughputPerSec * 65536, efficiency },
    } as unknown as CaseResult['summary'],
  };
}

describe('contenderLines', () => {
  it('names the fastest channel at a point, by how much over each other, and each one’s share of its raw ceiling', () => {
    const lines = contenderLines(
      [
        channelCase('port-copy', 'threads', 'default', 10_000, 0.5),
        channelCase('shared-ring', 'threads', 'default', 30_000, 0.9),
        channelCase('ipc', 'processes', 'advanced', 5_000, 0.25),
      ],
      'channel',
    );
    assert.deepEqual(lines, [
      'payloadBytes=65536: shared-ring on threads fastest (30.0k messages/s, 1.83 GiB/s, 90.0% of its raw ceiling), ahead of 3.00× port-copy on threads (50.0% of its raw ceiling); 6.00× ipc on processes:advanced (25.0% of its raw ceiling)',
    ]);
  });

  it('has nothing to say about a workload that compares threads with processes', () => {
    assert.deepEqual(contenderLines([channelCase('ipc', 'processes', 'json', 1, 1)], 'exploration'), []);
  });
});
