import type { CaseGroup } from '../scenario/plan.js';

/**
 * Where the budget goes. A first pass visits every point in order: each gets
 * its minimum rounds, then extra rounds while its headline interval is wider
 * than the target, within a share of the spare time proportional to its own
 * cost (so every point can afford about the same number of extra rounds).
 * Time a quiet point does not need flows to the later ones. What is left
 * after the first pass goes to the unconverged points that are cheapest to
 * finish: that decides the most ratios per second.
 */

/** Time kept back for the end of the run: closing set-ups, the analysis, writing the result. */
export const END_RESERVE_MS = 2500;
/** The first pass spends at most this share of the spare time, keeping the rest for the points that need it most. */
export const FIRST_PASS_SHARE = 0.7;
/** Starting, warming and closing one side's pool, before anything is measured (a guess the run corrects). */
const SIDE_OVERHEAD_MS = 250;

/** A first guess of a point's minimum cost: its pools, its warm-up and its minimum rounds. */
export function guessMinimumMs(group: CaseGroup): number {
  const sides = group.sides.length;
  const repetitions = group.warmup + (group.repetitionMs > 0 ? 1 : 0) + group.repeat;
  return sides * (SIDE_OVERHEAD_MS + repetitions * Math.max(group.repetitionMs, 20));
}

/**
 * Learns how far the guesses are from the real costs (a suite whose
 * repetition is longer than the target, a slow machine) and scales the
 * guesses for the points still to come.
 */
export class CostModel {
  private guessed = 0;
  private actual = 0;

  observe(guessMs: number, actualMs: number): void {
    this.guessed += guessMs;
    this.actual += actualMs;
  }

  scale(): number {
    return this.guessed > 0 ? Math.max(0.5, this.actual / this.guessed) : 1;
  }

  estimate(group: CaseGroup): number {
    return guessMinimumMs(group) * this.scale();
  }
}

/**
 * The moment the first pass must stop adding rounds to this point: its own
 * minimum, plus its share of what is spare once every later point's minimum
 * is set aside.
 */
export function firstPassDeadline(nowMs: number, deadlineMs: number, ownMinimumMs: number, laterMinimumMs: number, laterWeightMs: number): number {
  if (!Number.isFinite(deadlineMs)) return Number.POSITIVE_INFINITY;
  const spare = Math.max(0, deadlineMs - END_RESERVE_MS - nowMs - ownMinimumMs - laterMinimumMs);
  const share = ownMinimumMs / Math.max(ownMinimumMs, ownMinimumMs + laterWeightMs);
  return nowMs + ownMinimumMs + spare * FIRST_PASS_SHARE * share;
}

/** A point the second pass may return to. */
export interface RevisitCandidate {
  index: number;
  rounds: number;
  roundsNeeded: number;
  maxRounds: number;
  /** Cost of opening a visit: pools, warm-up. */
  openMs: number;
  roundMs: number;
}

/** Time to bring a candidate to its target (or to its round limit), a visit's opening included. */
export function revisitCostMs(candidate: RevisitCandidate): number {
  const rounds = Math.min(candidate.roundsNeeded, candidate.maxRounds) - candidate.rounds;
  return candidate.openMs + Math.max(1, rounds) * candidate.roundMs;
}

/**
 * The candidate that is cheapest to finish within the time left; if none
 * fits whole, the one that can use the time best (cheapest per round), as
 * long as a visit can still add a few rounds. Undefined when nothing fits.
 */
export function pickRevisit(candidates: readonly RevisitCandidate[], remainingMs: number): RevisitCandidate | undefined {
  const reachable = candidates.filter((candidate) => candidate.roundsNeeded <= candidate.maxRounds && candidate.rounds < candidate.maxRounds);
  const fits = reachable.filter((candidate) => revisitCostMs(candidate) <= remainingMs);
  if (fits.length > 0) return fits.sort((x, y) => revisitCostMs(x) - revisitCostMs(y))[0];
  const partial = candidates.filter(
    (candidate) => candidate.rounds < candidate.maxRounds && candidate.openMs + 3 * candidate.roundMs <= remainingMs,
  );
  return partial.sort((x, y) => x.roundMs - y.roundMs)[0];
}
