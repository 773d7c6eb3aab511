import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { performance } from 'node:perf_hooks';
import { METRICS } from '../compare/metrics.js';
import { comparePair, compareWithinRun, headlineProcesses, pairedValues } from '../compare/within-run.js';
import { MIN_PAIRED_ROUNDS } from '../stats/paired.js';
import { MIN_TREND_VALUES, kendallTrend } from '../stats/trend.js';
import { fingerprint, labIdentity } from '../measure/environment.js';
import type { Journal } from '../result/journal.js';
import { RESULT_SCHEMA, type CaseResult, type Invocation, type PointRecord, type ProfileRecord, type RunResult } from '../result/types.js';
import { ResultWriter, newRunId } from '../result/writer.js';
import { caseId, type CaseGroup, type Plan } from '../scenario/plan.js';
import { probeCpuSteadiness } from '../measure/cpu-steadiness.js';
import { NoiseLog } from './noise.js';
import { PointRun, erroredCases, orchestratorMemory, type GroupOptions, type TraceEvent } from './run-group.js';
import { fullGc } from '../kernel/live-memory.js';
import { END_RESERVE_MS, mayGoOn, pickRevisit, visitAllowanceMs, type VisitAllowance } from './schedule.js';
import { SetupError, SharedSetups } from './shared-setups.js';

export const PACKAGE_ROOT = fileURLToPath(new URL('../../../', import.meta.url));

export interface RunOptions {
  scenarioName: string;
  scenarioFile: string;
  plan: Plan;
  filter: string | null;
  resultsDir: string;
  outPath?: string;
  signal: AbortSignal;
  /** Why the signal fired (SIGINT, SIGTERM), for the result. */
  interruptReason?: () => string | undefined;
  progress?: RunProgress;
  trace?: (event: TraceEvent) => void;
  /** When the budget's clock started (performance.now() scale); the CLI passes 0, the process start. */
  startedAtMs?: number;
  /** How the run was started, kept in the journal's header for `lab resume`. */
  invocation?: Invocation;
  /** Continue an interrupted run from its journal: finished points are kept as they are, the rest are measured. */
  resume?: Journal;
  /** With --profile: called once per point, after its first visit, to profile each side in a pass of its own. */
  profilePoint?: (group: CaseGroup, runId: string) => Promise<ProfileRecord[]>;
}

export interface RunProgress {
  begin(groups: readonly CaseGroup[], journalPath: string, budgetSeconds: number): void;
  groupStarted(group: CaseGroup, index: number, visit: number): void;
  repetition(side: string, repetition: number, phase: 'warmup' | 'timed', of: number): void;
  groupFinished(group: CaseGroup, cases: readonly CaseResult[], point: PointRecord): void;
}

export interface RunOutcome {
  result: RunResult;
  resultPath: string;
  journalPath: string;
}

function labVersion(): string {
  return (JSON.parse(readFileSync(path.join(PACKAGE_ROOT, 'package.json'), 'utf8')) as { version: string }).version;
}

function uniform(values: number[]): number | 'per-entry' {
  return values.every((value) => value === values[0]) ? values[0]! : 'per-entry';
}

/** Of an equal share of the time left, what a headline point may use on its first visit. */
export const FIRST_PASS_SHARE = 0.6;
/**
 * Of that equal share, what a first visit may use when its rounds predict it finishes within it: a later visit
 * would start and warm its pools again (1 to 7 s a point in quick here), so a point close to its target finishes now.
 */
export const FINISH_SHARE = 2;

/** How long a budgeted run probes the machine's own CPU pace before its first point (about 1 % of quick's budget). */
const CPU_PROBE_MS = 1000;

/** A point with its state across visits. */
interface PointEntry {
  index: number;
  point: PointRun;
  record: PointRecord;
  setupError?: string;
  /** Cases of a point an interrupted run finished, read back from its journal (lab resume): not measured again. */
  restored?: CaseResult[];
}

/** A point the journal finished: its record and a case for every side, or undefined. */
function restoredPoint(group: CaseGroup, journal: Journal): { record: PointRecord; cases: CaseResult[] } | undefined {
  const record = journal.points.find((item) => item.id === group.id);
  if (!record) return undefined;
  const cases = group.sides.map((side) => journal.cases.find((item) => item.id === caseId(group.workload.name, group.params, side.label)));
  return cases.every((item) => item !== undefined) ? { record, cases: cases as CaseResult[] } : undefined;
}

/** The point's sides as cases, enough for the comparator to pair their throughput by round. */
function lightCases(point: PointRun): Array<CaseResult & { run: PointRun['runs'][number] }> {
  return point.runs.map((run) => ({
    id: run.side.label,
    suite: point.group.workload.suite ?? 'core',
    workload: point.group.workload.name,
    backend: run.side.kind,
    variant: run.side.variant,
    params: point.group.params,
    agents: 0,
    state: 'completed' as const,
    samples: point.timedSamples(run),
    run,
  }));
}

/** The point's sides as cases, and its headline pair among them (threads and the declared processes side), if it has one. */
function headlinePair(point: PointRun): { light: ReturnType<typeof lightCases>; threads?: ReturnType<typeof lightCases>[number]; headline?: ReturnType<typeof lightCases>[number] } {
  const light = lightCases(point);
  const side = headlineProcesses(light.map((item) => item.id));
  return { light, threads: light.find((item) => item.backend === 'threads'), headline: light.find((item) => item.id === side) };
}

/** The headline ratios of a point as they stand, from its paired rounds: none, or threads against its processes side. */
function headlineOf(point: PointRun, target: number): Array<{ halfWidth: number; roundsNeeded: number; logSd: number }> {
  const { threads, headline } = headlinePair(point);
  if (!threads || !headline) return [];
  const found = comparePair(threads, headline, METRICS[0]!, target, headline.id);
  return [found ? { halfWidth: found.halfWidth ?? Infinity, roundsNeeded: found.roundsNeeded, logSd: found.logSd } : { halfWidth: Infinity, roundsNeeded: Infinity, logSd: Number.NaN }];
}

/**
 * A headline ratio that trends over the point's rounds (Mann-Kendall, p <
 * 0.01) was timed while its sides were still warming up at different rates
 * (a 64 KiB stream took seconds here): the first half of the rounds since the
 * last such decision is set apart as warm-up, and sampling goes on. The
 * budget's first pass gives a point 8 rounds or more only when it has time.
 */
function settleTrend(point: PointRun): void {
  const { threads, headline } = headlinePair(point);
  if (!threads || !headline) return;
  const [a, b] = pairedValues(threads, headline, METRICS[0]!);
  // Asked at 8, 16, 32 … timed rounds, not after every round: a few tests per point keep the chance of setting
  // steady rounds apart by accident near 1 % each.
  if (a.length < MIN_TREND_VALUES || (a.length & (a.length - 1)) !== 0) return;
  const logs = a.map((value, index) => Math.log(value / b[index]!));
  if (kendallTrend(logs).pValue >= TREND_P) return;
  const rounds = [...new Set(threads.samples.map((sample) => sample.round ?? 0))].sort((x, y) => x - y);
  point.settleAt(rounds[Math.floor(rounds.length / 2)]!, MIN_PAIRED_ROUNDS);
}

/** A trend this unlikely under steady sides sets rounds apart (1 %: a steady point loses rounds about once in 100 tests). */
const TREND_P = 0.01;

/**
 * Rests every side outside the headline pair (inline, the other processes
 * variants) whose throughput against both members of the pair is already
 * decided: a winner or the same within the target. Later rounds are then
 * the pair's alone, and come faster.
 */
function restDecidedSides(point: PointRun, target: number): void {
  const { light, threads, headline } = headlinePair(point);
  if (!threads || !headline) return;
  const active = new Set(point.active());
  for (const item of light) {
    if (item === threads || item === headline || !active.has(item.run)) continue;
    const decided = [threads, headline].every((member) => {
      const found = comparePair(item, member, METRICS[0]!, target);
      return found !== undefined && found.verdict !== 'undecided';
    });
    if (decided) point.rest(item.run);
  }
}

/**
 * The points to leave out so that the rest fit the time left at their fewest rounds, least informative first: those
 * with no threads/processes ratio to decide, then headline points from the end of the scenario. A point's cost is
 * estimated from the dearest point of its workload measured so far (opening, plus its fewest rounds), else from the
 * mean of every point measured so far; before any point is measured nothing is left out.
 */
export function leastInformative(pending: readonly CaseGroup[], done: readonly PointEntry[], timeLeftMs: number): string[] {
  const measured = done.filter((entry) => entry.point.rounds > 0);
  if (measured.length === 0) return [];
  const costs = (entries: readonly PointEntry[], group: CaseGroup): number[] =>
    entries.map((entry) => entry.point.openMs + group.repeat * entry.point.roundMs + entry.point.closeMs + entry.point.aloneMs);
  // Of its own workload, the dearest point measured, not their mean: a sweep's points grow (exploration at 64 agents
  // costs twice what it does at 32), and under a budget running over is worse than leaving a point out. A workload not
  // measured yet costs the mean of every point so far: the dearest of another workload says nothing about it.
  const estimate = (group: CaseGroup): number => {
    const same = measured.filter((entry) => entry.point.group.workload === group.workload);
    if (same.length > 0) return Math.max(...costs(same, group));
    const all = costs(measured, group);
    return all.reduce((total, cost) => total + cost, 0) / all.length;
  };
  const order = [...pending.filter((group) => !hasHeadline(group)), ...pending.filter(hasHeadline).reverse()];
  let total = pending.reduce((sum, group) => sum + estimate(group), 0);
  const out: string[] = [];
  for (const group of order) {
    if (total <= timeLeftMs) break;
    total -= estimate(group);
    out.push(group.id);
  }
  return out;
}

/** A point with a threads/processes ratio to decide: it samples adaptively; the others run their fixed rounds. */
export function hasHeadline(group: CaseGroup): boolean {
  return group.sides.some((side) => side.kind === 'threads') && group.sides.some((side) => side.kind === 'processes');
}

/** A run's header: what it is, where and how it ran; the journal's first line and the result's first fields. */
export function runHeader(
  options: Pick<RunOptions, 'scenarioName' | 'scenarioFile' | 'plan' | 'filter' | 'invocation'>,
  runId: string,
): Omit<RunResult, 'cases' | 'comparisons'> {
  const { plan } = options;
  return {
    schema: RESULT_SCHEMA,
    lab: labIdentity(PACKAGE_ROOT, labVersion()),
    runId,
    startedAt: new Date().toISOString(),
    finishedAt: null,
    complete: false,
    env: fingerprint(),
    scenario: {
      name: options.scenarioName,
      file: options.scenarioFile,
      seed: plan.seed,
      poolSize: plan.poolSize,
      warmup: uniform(plan.groups.map((group) => group.warmup)),
      repeat: uniform(plan.groups.map((group) => group.repeat)),
      backends: [...new Set(plan.groups.flatMap((group) => group.sides.map((side) => side.label)))],
      filter: options.filter,
    },
    ...(options.invocation ? { invocation: options.invocation } : {}),
  };
}

/**
 * Runs a plan point by point in paired rounds, streaming each finished case
 * to the journal. With a budget, rounds go where headline intervals are still
 * wider than the target (see schedule.ts); without one, every point samples
 * until its target or its round limit.
 */
export async function runScenario(options: RunOptions): Promise<RunOutcome> {
  const { plan, signal } = options;
  const clockStartMs = options.startedAtMs ?? performance.now();
  const journal = options.resume;
  const restored = new Map(plan.groups.flatMap((group) => {
    const found = journal && restoredPoint(group, journal);
    return found ? [[group.id, found] as const] : [];
  }));
  // A resumed run's budget is what the first session left: the seconds its finished points took are spent.
  const restoredSeconds = [...restored.values()].reduce((total, { record }) => total + record.seconds, 0);
  const deadlineMs = plan.budgetSeconds > 0 ? clockStartMs + (plan.budgetSeconds - restoredSeconds) * 1000 : Number.POSITIVE_INFINITY;
  const target = plan.targetHalfWidth;
  const runId = journal?.header.runId ?? newRunId(options.scenarioName, options.resultsDir);
  const writer = new ResultWriter(options.resultsDir, runId);
  let header = runHeader(options, runId);
  if (journal) {
    const resumed = [...(journal.header.resumed ?? []), { at: new Date().toISOString(), restoredPoints: restored.size, tornLine: journal.tornLine }];
    header = { ...journal.header, resumed };
    if (journal.tornLine) writer.truncateTo(journal.wholeBytes);
  } else {
    writer.begin(header);
  }
  options.progress?.begin(plan.groups, writer.journalPath, plan.budgetSeconds);

  const noise = new NoiseLog();
  const order = { next: 0 };
  // What the orchestrator holds before any pool, collected: each side's memory is this base plus what the side adds,
  // so a side's figure does not carry what earlier points (or other sides' traffic) left in this process.
  fullGc();
  const memoryBase = await orchestratorMemory();
  // A run that samples until its ratios are decided first measures the floor under their noise: the machine's own pace.
  if (plan.budgetSeconds > 0 && plan.groups.some(hasHeadline) && !signal.aborted) {
    noise.cpu(probeCpuSteadiness(CPU_PROBE_MS, largest(plan.groups.map((group) => group.repetitionMs)) || 80));
  }
  const shared = new SharedSetups(plan.groups);
  const entries: PointEntry[] = [];
  const profiles: ProfileRecord[] = [];

  const entryOptions = (index: number): GroupOptions => {
    const group = plan.groups[index]!;
    return {
      seed: plan.seed,
      caseTimeoutMs: plan.caseTimeoutMs,
      taskTimeoutMs: plan.taskTimeoutMs,
      signal,
      order,
      memoryBase,
      trace: options.trace,
      onRepetition: (side, repetition, phase) =>
        options.progress?.repetition(side, repetition, phase, phase === 'warmup' ? group.warmup : group.repeat),
    };
  };

  let visits = 0;
  const visit = async (entry: PointEntry, { untilMs, finishByMs }: VisitAllowance, first: boolean): Promise<void> => {
    const { point, record } = entry;
    options.progress?.groupStarted(point.group, Math.min(visits++, plan.groups.length - 1), first ? 1 : 2);
    const group = point.group;
    const fixed = group.repeat >= group.maxRounds || !hasHeadline(group);
    await point.open();
    let stoppedBy: PointRecord['stoppedBy'] = 'fixed';
    while (true) {
      if (point.interrupted || signal.aborted) {
        stoppedBy = 'interrupted';
        break;
      }
      if (point.live().length === 0) {
        stoppedBy = 'error';
        break;
      }
      const now = performance.now();
      if (point.rounds >= group.repeat) {
        if (fixed) break;
        const headline = headlineOf(point, target);
        if (headline.length > 0 && headline.every((ratio) => ratio.halfWidth <= target)) {
          stoppedBy = 'target';
          break;
        }
        if (point.rounds >= group.maxRounds) {
          stoppedBy = 'max-rounds';
          break;
        }
        // A first visit ends with the memory pass (each side's pool started again, a few runs): its rounds leave it
        // the time the visit's own opening took, the pass's nearest measured kin.
        const reserveMs = first && point.measuresAlone() ? point.openMs : 0;
        const allowance = { untilMs: untilMs - reserveMs, finishByMs: finishByMs - reserveMs };
        if (!mayGoOn(allowance, now, { rounds: point.rounds, roundMs: point.roundMs, maxRounds: group.maxRounds, roundsNeeded: headline.map((ratio) => ratio.roundsNeeded) })) {
          stoppedBy = 'budget';
          break;
        }
      }
      // The whole run's budget holds even against a point's fewest rounds: a point dearer than its estimate (a sweep
      // grows faster than its measured points say) stops at the budget with what it has, and says so.
      if (point.rounds > 0 && now + point.roundMs > deadlineMs - END_RESERVE_MS) {
        stoppedBy = 'budget';
        break;
      }
      // Drop and redo disturbed rounds of a point with a headline ratio while the run has time and the point has not
      // redone more rounds than it kept: a machine that is always busy is reported, not waited out. Points without a
      // threads/processes ratio to decide (the throughput suite, faults) are not redone: their noise is in the run's record.
      const judgeNoise =
        hasHeadline(group) &&
        !group.workload.worksOutsideTheLab?.() &&
        point.roundsDisturbed < Math.max(3, point.rounds) &&
        now + point.roundMs <= deadlineMs - END_RESERVE_MS;
      const outcome = await point.round(judgeNoise);
      noise.add(outcome);
      if (!fixed && point.rounds >= group.repeat) {
        settleTrend(point);
        restDecidedSides(point, target);
      }
    }
    await point.close();
    if (first) await point.measureAlone();
    Object.assign(record, pointRecord(point, target, stoppedBy));
    const cases = point.results();
    for (const result of cases) writer.append(result);
    writer.appendPoint(record);
    options.progress?.groupFinished(point.group, cases, record);
    if (first && options.profilePoint && !signal.aborted) profiles.push(...(await options.profilePoint(point.group, runId)));
  };

  try {
    // First pass: every point once, points without a headline ratio first. Under a budget a headline point gets its
    // minimum rounds and then up to FIRST_PASS_SHARE of an equal share of the time left, so that most rounds come
    // from one visit (a visit re-opens pools and warms them up again); the rest goes where it decides the most.
    const firstPass = [...plan.groups.entries()].sort(([x, a], [y, b]) => Number(hasHeadline(a)) - Number(hasHeadline(b)) || x - y);
    let headlineLeft = plan.groups.filter(hasHeadline).length;
    const firstPassUntil = (group: CaseGroup): VisitAllowance => {
      if (!Number.isFinite(deadlineMs)) return { untilMs: Number.POSITIVE_INFINITY, finishByMs: Number.POSITIVE_INFINITY };
      if (!hasHeadline(group)) return { untilMs: 0, finishByMs: 0 };
      const now = performance.now();
      const shareMs = Math.max(0, deadlineMs - END_RESERVE_MS - now) / Math.max(1, headlineLeft--);
      return { untilMs: now + FIRST_PASS_SHARE * shareMs, finishByMs: Math.min(deadlineMs - END_RESERVE_MS, now + FINISH_SHARE * shareMs) };
    };
    const leftOut = new Set<string>();
    for (const [position, [index, group]] of firstPass.entries()) {
      if (signal.aborted) break;
      const entry: PointEntry = { index, point: new PointRun(group, entryOptions(index)), record: emptyRecord(group) };
      entries.push(entry);
      if (Number.isFinite(deadlineMs) && !restored.has(group.id)) {
        const still = firstPass.slice(position).map(([, item]) => item).filter((item) => !restored.has(item.id) && !leftOut.has(item.id));
        for (const id of leastInformative(still, entries, deadlineMs - END_RESERVE_MS - performance.now())) leftOut.add(id);
      }
      if (leftOut.has(group.id)) {
        entry.record.stoppedBy = 'left-out';
        if (hasHeadline(group)) headlineLeft--;
        continue;
      }
      const done = restored.get(group.id);
      if (done) {
        Object.assign(entry, { record: done.record, restored: done.cases });
        if (hasHeadline(group)) headlineLeft--;
        continue;
      }
      try {
        const prepared = await shared.before(group);
        if (prepared !== undefined) entry.point = new PointRun(group, { ...entryOptions(index), prepared });
        await visit(entry, firstPassUntil(group), true);
      } catch (error) {
        if (!(error instanceof SetupError)) throw error;
        entry.setupError = error.message;
        entry.record.stoppedBy = 'error';
        for (const result of erroredCases(group, error.message)) writer.append(result);
        options.progress?.groupFinished(group, erroredCases(group, error.message), entry.record);
      }
    }
    entries.sort((x, y) => x.index - y.index);
    // Second pass: what is left goes to the unconverged points cheapest to finish.
    while (!signal.aborted && Number.isFinite(deadlineMs)) {
      const remainingMs = deadlineMs - END_RESERVE_MS - performance.now();
      const candidates = entries
        .filter(
          (entry) => !entry.setupError && !entry.restored && entry.record.stoppedBy === 'budget' && entry.point.live().length === entry.point.runs.length,
        )
        .map((entry) => ({
          index: entry.index,
          rounds: entry.point.rounds,
          roundsNeeded: entry.record.roundsNeeded ?? Infinity,
          maxRounds: entry.point.group.maxRounds,
          openMs: entry.point.openMs,
          roundMs: entry.point.roundMs,
        }));
      const chosen = pickRevisit(candidates, remainingMs);
      if (!chosen) break;
      const entry = entries.find((item) => item.index === chosen.index)!;
      const now = performance.now();
      const untilMs = Math.min(deadlineMs - END_RESERVE_MS, now + visitAllowanceMs(chosen, candidates.length, remainingMs));
      await visit(entry, { untilMs, finishByMs: untilMs }, false);
      if (entry.record.stoppedBy === 'budget' && entry.point.rounds === chosen.rounds) break;
    }
  } finally {
    await shared.closeAll();
  }

  const measured = entries.filter((entry) => entry.record.stoppedBy !== 'left-out');
  const leftOutIds = entries.filter((entry) => entry.record.stoppedBy === 'left-out').map((entry) => entry.point.group.id);
  const cases = measured.flatMap(
    (entry) => entry.restored ?? (entry.setupError ? erroredCases(entry.point.group, entry.setupError) : entry.point.results()),
  );
  const comparisons = compareWithinRun(cases, target);
  const headline = comparisons.filter((comparison) => comparison.headline);
  const interruptedBy = signal.aborted ? (options.interruptReason?.() ?? 'interrupted') : undefined;
  const result: RunResult = {
    ...header,
    finishedAt: new Date().toISOString(),
    complete: !signal.aborted,
    ...(interruptedBy ? { interruptedBy } : {}),
    cases,
    comparisons,
    points: measured.map((entry) => entry.record),
    ...(leftOutIds.length > 0 ? { leftOut: leftOutIds } : {}),
    budget: {
      budgetSeconds: plan.budgetSeconds,
      targetHalfWidth: target,
      repetitionMs: largest(plan.groups.map((group) => group.repetitionMs)),
      minRounds: largest(plan.groups.map((group) => group.repeat)),
      maxRounds: largest(plan.groups.map((group) => group.maxRounds)),
      usedSeconds: Number(((performance.now() - clockStartMs) / 1000 + restoredSeconds).toFixed(1)),
      decided: headline.filter((comparison) => comparison.converged).length,
      headline: headline.length,
    },
    noise: noise.record(),
    ...(profiles.length > 0 ? { profiles } : {}),
  };
  const usedSeconds = result.budget!.usedSeconds;
  if (plan.budgetSeconds > 0 && usedSeconds > plan.budgetSeconds && !signal.aborted) {
    const minimumSeconds = entries.reduce(
      (total, entry) => total + (entry.point.openMsTotal + entry.point.group.repeat * entry.point.roundMs + entry.point.closeMs) / 1000,
      0,
    );
    result.noise!.warnings.push(
      `the run took ${usedSeconds.toFixed(0)} s, over its budget of ${plan.budgetSeconds} s; on this machine the minimum rounds of its points alone take about ${minimumSeconds.toFixed(0)} s: give more time (--budget) or fewer points (--filter)`,
    );
  }
  const resultPath = writer.finish(result, options.outPath);
  return { result, resultPath, journalPath: writer.journalPath };
}

/** The largest of a setting that points may set each for themselves. */
function largest(values: number[]): number {
  return Math.max(...values);
}

function emptyRecord(group: CaseGroup): PointRecord {
  return {
    id: group.id,
    workload: group.workload.name,
    params: group.params,
    rounds: 0,
    roundsDisturbed: 0,
    batch: {},
    seconds: 0,
    openSeconds: 0,
    halfWidth: null,
    converged: null,
    ratioCv: null,
    roundsNeeded: null,
    stoppedBy: 'fixed',
  };
}

function pointRecord(point: PointRun, target: number, stoppedBy: PointRecord['stoppedBy']): PointRecord {
  const headline = headlineOf(point, target);
  const widest = headline.reduce<(typeof headline)[number] | undefined>((worst, ratio) => (!worst || ratio.halfWidth > worst.halfWidth ? ratio : worst), undefined);
  return {
    ...emptyRecord(point.group),
    rounds: point.rounds,
    roundsDisturbed: point.roundsDisturbed,
    batch: Object.fromEntries(point.runs.map((run) => [run.side.label, run.batch])),
    seconds: Number(point.seconds.toFixed(2)),
    openSeconds: Number((point.openMsTotal / 1000).toFixed(2)),
    ...(point.aloneMs > 0 ? { aloneSeconds: Number((point.aloneMs / 1000).toFixed(2)) } : {}),
    halfWidth: widest ? Number(widest.halfWidth.toFixed(4)) : null,
    converged: widest ? widest.halfWidth <= target : null,
    ratioCv: widest && Number.isFinite(widest.logSd) ? Number(widest.logSd.toFixed(4)) : null,
    roundsNeeded: widest ? widest.roundsNeeded : null,
    stoppedBy,
    ...(point.restingSides().length > 0 ? { rested: point.restingSides() } : {}),
    ...(point.settled > 0 ? { settledAt: point.settled } : {}),
  };
}
