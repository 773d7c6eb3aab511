import { SLOW_SLICE, type CpuSteadiness } from '../measure/cpu-steadiness.js';
import { loadAverage, loadBetween, loadSnapshot, type LoadSnapshot } from '../measure/machine-load.js';
import type { NoiseRecord } from '../result/types.js';
import type { RoundOutcome } from './run-group.js';

/** Above this mean CPU taken by other processes during rounds (in CPUs), the run warns that the machine was busy. */
const BUSY_FOREIGN_CPUS = 0.1;
const NOTABLE_STEAL = 0.02;
/** Above either, the machine's own CPU pace is unsteady enough to say so: slow slices, or a repetition's pace varying. */
const UNSTEADY_SLOW_SHARE = 0.05;
const UNSTEADY_WINDOW_CV = 0.03;

/** What the machine did besides the run: rounds redone, CPU taken by others, steal time, load. */
export class NoiseLog {
  private readonly start: LoadSnapshot = loadSnapshot();
  private readonly loadavgStart = loadAverage();
  private kept = 0;
  private disturbed = 0;
  private foreignCpuMs = 0;
  private wallMs = 0;
  private steadiness: CpuSteadiness | undefined;

  /** The machine's own CPU pace, probed before the first point. */
  cpu(steadiness: CpuSteadiness): void {
    this.steadiness = steadiness;
  }

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
    const cpu = this.steadiness;
    if (cpu && (cpu.slowShare > UNSTEADY_SLOW_SHARE || cpu.windowCv > UNSTEADY_WINDOW_CV)) {
      // Only what crossed its threshold: "0 % of slices ran slow" beside an unsteady window reads as a contradiction.
      const found = [
        ...(cpu.slowShare > UNSTEADY_SLOW_SHARE
          ? [`ran ≥ ${((SLOW_SLICE - 1) * 100).toFixed(0)} % slow in ${(cpu.slowShare * 100).toFixed(0)} % of its ${cpu.sliceMs} ms slices (the slowest ${cpu.slowest.toFixed(1)}× slow)`]
          : []),
        ...(cpu.windowCv > UNSTEADY_WINDOW_CV ? [`varied in pace over ${cpu.windowMs} ms by ${(cpu.windowCv * 100).toFixed(1)} % (CV)`] : []),
      ];
      warnings.push(
        `this machine's own CPU pace is unsteady: fixed floating-point work, with nothing else of the lab running, ${found.join(' and ')}; a shared or throttled host (a VM whose vCPU is slowed or paused) puts that noise under every ratio, so ratios need more rounds here than on a dedicated machine`,
      );
    }
    return {
      ...(cpu ? { cpu: { ...cpu, slowShare: Number(cpu.slowShare.toFixed(4)), slowest: Number(cpu.slowest.toFixed(2)), windowCv: Number(cpu.windowCv.toFixed(4)) } } : {}),
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
