/**
 * Where the budget goes. A first pass gives every point its minimum rounds (a
 * headline point up to a share of the time left), so what each point costs is
 * measured rather than guessed. What is left goes
 * to the points whose headline intervals are still wider than the target:
 * first to the one cheapest to finish (that decides the most ratios per
 * second); when none can finish in the time left, a share of it to the one
 * closest to its target, and so on.
 */

/** Time kept back for the end of the run: closing set-ups, the analysis, writing the result. */
export const END_RESERVE_MS = 2500;

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
  return partial.sort((x, y) => y.rounds / y.roundsNeeded - x.rounds / x.roundsNeeded || x.roundMs - y.roundMs)[0];
}

/**
 * How long a second-pass visit may last: a candidate that fits gets its cost
 * with some slack (noise estimates are rough); one that cannot finish gets
 * an equal share of the time left among the candidates, at least enough to
 * re-open and add three rounds.
 */
export function visitAllowanceMs(chosen: RevisitCandidate, candidates: number, remainingMs: number): number {
  const cost = revisitCostMs(chosen);
  if (chosen.roundsNeeded <= chosen.maxRounds && cost <= remainingMs) return Math.min(remainingMs, cost * 1.5);
  return Math.min(remainingMs, Math.max(remainingMs / Math.max(1, candidates), chosen.openMs + 3 * chosen.roundMs));
}

/** How long a visit may sample: until `untilMs`, or until `finishByMs` when its rounds predict it finishes by then. */
export interface VisitAllowance {
  untilMs: number;
  finishByMs: number;
}

/** Where a point stands after a round: its rounds, what one costs, and the rounds each headline ratio needs. */
export interface PointProgress {
  rounds: number;
  roundMs: number;
  maxRounds: number;
  roundsNeeded: readonly number[];
}

/**
 * Whether a visit has time for one more round. A point whose every headline
 * ratio is predicted to reach its target within `maxRounds`, by
 * `finishByMs`, may sample until then; any other stops at `untilMs`. A
 * first visit gets the longer allowance because a later one would start
 * and warm its pools again.
 */
export function mayGoOn(allowance: VisitAllowance, nowMs: number, point: PointProgress): boolean {
  const roundsLeft = point.roundsNeeded.length === 0 ? Infinity : Math.max(...point.roundsNeeded.map((needed) => (needed <= point.maxRounds ? needed - point.rounds : Infinity)));
  const limitMs = nowMs + roundsLeft * point.roundMs <= allowance.finishByMs ? allowance.finishByMs : allowance.untilMs;
  return nowMs + point.roundMs <= limitMs;
}
