import { mkdirSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { createBackend, type BackendSide } from '../backends/registry.js';
import { warmEveryWorker } from '../backends/warm.js';
import type { ProfileRecord } from '../result/types.js';
import type { CaseGroup } from '../scenario/plan.js';
import { numberParam } from '../workloads/types.js';
import { PROFILE_CATEGORIES, flameTree, functionTimes, isCpuProfile, type CpuProfile, type FlameNode } from './cpu-profile.js';
import { startMainThreadProfile } from './main-thread.js';

export interface ProfileOptions {
  /** Where the run's result goes: profiles are written under `<runId>.profiles/` beside it. */
  resultsDir: string;
  runId: string;
  seed: number;
  taskTimeoutMs: number;
  /** How long each side is profiled. */
  profileMs: number;
}

const TOP_FUNCTIONS = 12;

/** A point's id or a side's label as a folder name. */
function folderName(text: string): string {
  return text.replace(/[^A-Za-z0-9._=-]+/g, '_');
}

/** Whether a point can be profiled: a warm workload that needs nothing prepared for it (a database server, say). */
export function profilable(group: CaseGroup): boolean {
  return group.workload.lifecycle === 'warm' && !group.workload.prepare;
}

/**
 * Profiles every side of a point, one after the other, in a pass of its own
 * after the point's timed rounds, so the profiler's cost never enters a
 * measured figure. Each side: a fresh pool whose worker threads or children
 * run with `--cpu-prof`, warmed, then the workload run over and over for
 * `profileMs` while an inspector session profiles the orchestrator's main
 * thread (where inline agents run); closing the pool makes each worker and
 * child write its profile.
 */
export async function profilePoint(group: CaseGroup, options: ProfileOptions): Promise<ProfileRecord[]> {
  if (group.workload.lifecycle !== 'warm' || group.workload.prepare) return [];
  const records: ProfileRecord[] = [];
  for (const side of group.sides) records.push(await profileSide(group, side, options));
  return records;
}

async function profileSide(group: CaseGroup, side: BackendSide, options: ProfileOptions): Promise<ProfileRecord> {
  const workload = group.workload;
  if (workload.lifecycle !== 'warm') throw new Error('only warm workloads are profiled');
  const relativeDir = path.join(`${options.runId}.profiles`, folderName(group.id), folderName(side.label));
  const dir = path.join(options.resultsDir, relativeDir);
  mkdirSync(dir, { recursive: true });
  const pool = {
    ...workload.pool(group.params, numberParam(group.params, 'poolSize') || 1),
    taskTimeoutMs: options.taskTimeoutMs,
    ...(side.kind === 'inline' ? {} : { profileDir: dir }),
  };
  const backend = createBackend(side, pool);
  let main: CpuProfile;
  let runs = 0;
  let durationMs = 0;
  try {
    await backend.start();
    await warmEveryWorker(backend, workload.agentModule ?? workload.name);
    const profiler = await startMainThreadProfile();
    const started = performance.now();
    try {
      do {
        await workload.run({ backend, params: group.params, seed: options.seed });
        runs++;
      } while (performance.now() - started < options.profileMs);
    } finally {
      durationMs = performance.now() - started;
      main = await profiler.stop();
    }
    await backend.close();
  } catch (error) {
    await backend.destroy();
    throw error;
  }
  writeFileSync(path.join(dir, 'main.cpuprofile'), JSON.stringify(main));
  const others = readdirSync(dir).filter((name) => name.endsWith('.cpuprofile') && name !== 'main.cpuprofile').sort();
  const threadName = side.kind === 'threads' ? 'worker thread' : 'child process';
  const profiles: Array<{ file: string; thread: string; profile: CpuProfile }> = [{ file: 'main.cpuprofile', thread: 'main thread', profile: main }];
  others.forEach((file, index) => {
    const profile: unknown = JSON.parse(readFileSync(path.join(dir, file), 'utf8'));
    if (isCpuProfile(profile)) profiles.push({ file, thread: `${threadName} ${index + 1}`, profile });
  });
  return summarise(group, side, profiles, relativeDir, durationMs, runs);
}

function summarise(
  group: CaseGroup,
  side: BackendSide,
  profiles: ReadonlyArray<{ file: string; thread: string; profile: CpuProfile }>,
  relativeDir: string,
  durationMs: number,
  runs: number,
): ProfileRecord {
  // Every profile of the side over the profiled pass only: the main thread's profile spans exactly that.
  const main = profiles[0]!.profile;
  const window = { startUs: main.startTime, endUs: main.endTime };
  const times = profiles.flatMap(({ profile, thread }) => functionTimes(profile, thread, window));
  const busyMs = times.reduce((sum, item) => sum + item.selfMs, 0);
  const categoriesMs = Object.fromEntries(PROFILE_CATEGORIES.map((category) => [category, 0])) as ProfileRecord['categoriesMs'];
  for (const item of times) categoriesMs[item.category] += item.selfMs;
  const top = [...times]
    .sort((a, b) => b.selfMs - a.selfMs)
    .slice(0, TOP_FUNCTIONS)
    .map((item) => ({ ...item, selfMs: round(item.selfMs), share: busyMs > 0 ? round(item.selfMs / busyMs, 4) : 0 }));
  const trees = profiles.map(({ profile, thread }) => flameTree(profile, thread, window));
  const flame: FlameNode = { name: side.label, category: 'thread', totalMs: trees.reduce((sum, tree) => sum + tree.totalMs, 0), children: trees };
  return {
    point: group.id,
    workload: group.workload.name,
    params: group.params,
    side: side.label,
    files: profiles.map(({ file }) => path.join(relativeDir, file)),
    durationMs: round(durationMs),
    runs,
    categoriesMs: Object.fromEntries(Object.entries(categoriesMs).map(([key, value]) => [key, round(value)])) as ProfileRecord['categoriesMs'],
    top,
    flame: roundTree(flame),
  };
}

function round(value: number, digits = 2): number {
  return Number(value.toFixed(digits));
}

function roundTree(node: FlameNode): FlameNode {
  return { ...node, totalMs: round(node.totalMs), children: node.children.map(roundTree) };
}

