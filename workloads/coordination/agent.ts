import { performance } from 'node:perf_hooks';
import {
  GRID_SIDE,
  clamp,
  fuseSummary,
  hiddenTarget,
  mostLikelyCell,
  moveTowards,
  observe,
  summarise,
  uniformBelief,
  updateBelief,
} from '../shared/belief.js';
import { Checksum, Random, deriveSeed } from '../../src/kernel/random.js';
import type { AgentModule, AgentPort } from '../../src/kernel/agent.js';

/** What an agent shares with its neighbours every step: about 1 KiB of belief and its position. */
export interface PublicState {
  agent: number;
  x: number;
  y: number;
  summary: number[];
}

export interface StepReply {
  state: PublicState;
  /** Time the agent spent computing this step, in milliseconds, timed inside the agent. */
  computeMs: number;
}

export interface CoordinationAgentArgs {
  seed: number;
  agent: number;
}

const NEIGHBOUR_WEIGHT = 0.05;

/**
 * A persistent agent. Each message carries the neighbours' states of the
 * previous step; the agent fuses their beliefs into its own, observes, keeps
 * its distance from them and moves. Its next state therefore depends on every
 * message it received, so the final checksum proves that each one arrived.
 */
export async function coordinatingAgent(port: AgentPort, { seed, agent }: CoordinationAgentArgs): Promise<string> {
  const world = new Random(deriveSeed(seed, 1));
  const target = hiddenTarget(world);
  const random = new Random(deriveSeed(seed, 3, agent));
  const position = { x: random.int(GRID_SIDE), y: random.int(GRID_SIDE) };
  const belief = uniformBelief();
  const checksum = new Checksum();
  const publicState = (): PublicState => ({ agent, x: position.x, y: position.y, summary: summarise(belief) });

  port.onMessage((message) => {
    const started = performance.now();
    const neighbours = message as PublicState[];
    for (const neighbour of neighbours) {
      fuseSummary(belief, neighbour.summary, NEIGHBOUR_WEIGHT);
      checksum.add(neighbour.agent).add(neighbour.x).add(neighbour.y);
    }
    updateBelief(belief, position, observe(random, position, target));
    moveTowards(random, position, mostLikelyCell(belief));
    keepApart(position, neighbours);
    checksum.add(position.x).add(position.y);
    const state = publicState();
    const reply: StepReply = { state, computeMs: performance.now() - started };
    port.send(reply);
  });
  port.send({ state: publicState(), computeMs: 0 } satisfies StepReply);
  await port.ended;
  return checksum.add(mostLikelyCell(belief)).hex();
}

/** Agents sharing a cell spread out, so neighbours' positions steer the move. */
function keepApart(position: { x: number; y: number }, neighbours: readonly PublicState[]): void {
  for (const neighbour of neighbours) {
    if (neighbour.x === position.x && neighbour.y === position.y) {
      position.x = clamp(position.x + (neighbour.agent % 2 === 0 ? 1 : -1));
    }
  }
}

export const coordination: AgentModule = {
  channels: { agent: coordinatingAgent },
};
