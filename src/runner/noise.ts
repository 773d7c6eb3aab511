import { loadAverage, loadBetween, loadSnapshot, type LoadSnapshot } from '../measure/machine-load.js';
import type { NoiseRecord } from '../result/types.js';
import type { RoundOutcome } from './run-group.js';

/** Above this mean CPU taken by other processes during rounds (in CPUs), the run warns that the machine was busy. */
const BUSY_FOREIGN_CPUS = 0.1;
const NOTABLE_STEAL = 0.02;

/** What the machine did besides the run: rounds redone, CPU taken by others, steal time, load. */
export class NoiseLog {
  private readonly start: LoadSnapshot = loadSnapshot();
  private readonly loadavgStart = loadAverage();
  private kept = 0;
  private disturbed = 0;
  private foreignCpuMs = 0;
  private wallMs = 0;

  add(outcome: RoundOutcome): void {
    if (outcome.kept) this.kept++;
    else this.disturbed++;
    this.foreignCpuMs += outcome.foreignCpus * outcome.wallMs;
    this.wallMs += outcome.wallMs;
  }

  record(): NoiseRecord {
    const whole = loadBetween(this.start, loadSnapshot());
    const foreignCpuMean = this.wallMs > 0 ? this.foreignCpuMs / this.wallMs : 0;
    const warnings: string[] = [];
    if (this.disturbed > 0) {
      warnings.push(
        `${this.disturbed} round(s) were disturbed by other processes taking CPU and were redone (${this.kept} kept)`,
      );
    }
    if (foreignCpuMean > BUSY_FOREIGN_CPUS) {
      warnings.push(
        `the machine was busy: other processes took ${foreignCpuMean.toFixed(2)} CPUs on average during the timed rounds; close them or expect wider intervals`,
      );
    }
    if (whole.stealShare > NOTABLE_STEAL) {
      warnings.push(`the hypervisor stole ${(whole.stealShare * 100).toFixed(1)} % of CPU time during the run: a shared virtual machine adds noise`);
    }
    return {
      roundsDisturbed: this.disturbed,
      roundsKept: this.kept,
      foreignCpuMean: Number(foreignCpuMean.toFixed(3)),
      stealShare: Number(whole.stealShare.toFixed(4)),
      loadavgStart: this.loadavgStart,
      loadavgEnd: loadAverage(),
      warnings,
    };
  }
}
