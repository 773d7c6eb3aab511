/**
 * How a side's memory comes from its pass alone (`cases[].memoryAlone`), one
 * rule for the case summary and for the comparisons that pair the pass's
 * readings run by run (docs/methodology.md, "Memory").
 */

/** A side's footprint at one reading: the run's base plus what the side added over the orchestrator idle before it. */
export function aloneFootprint(peakBytes: number, idleBytes: number, baseBytes: number): number {
  return baseBytes + Math.max(0, peakBytes - idleBytes);
}

/** What the agents added over the side's idle pool at one reading, per agent. */
export function aloneAddedPerAgent(peakBytes: number, idlePoolBytes: number, agents: number): number {
  return Math.max(0, (peakBytes - idlePoolBytes) / agents);
}
