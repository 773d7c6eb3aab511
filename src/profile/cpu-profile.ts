/**
 * V8 CPU profiles (the `.cpuprofile` format Chrome DevTools loads): self
 * time per function, grouped into what a threads-or-processes decision turns
 * on (serialisation, IPC and message passing, GC, the agent's own code), and
 * a pruned call tree for the report's icicle chart.
 */
export interface CpuProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number; columnNumber?: number; scriptId?: string | number };
  children?: number[];
  hitCount?: number;
}

export interface CpuProfile {
  nodes: CpuProfileNode[];
  startTime: number;
  endTime: number;
  samples: number[];
  timeDeltas: number[];
}

export const PROFILE_CATEGORIES = ['agent', 'serialisation', 'ipc', 'gc', 'other'] as const;
export type ProfileCategory = (typeof PROFILE_CATEGORIES)[number];

/** Samples that are no work at all: an idle event loop, the profiler's own root, a piscina worker blocked waiting for a task. */
const IDLE = new Set(['(idle)', '(root)', '(program)', 'atomicsWaitLoop']);

/** Native (url-less) functions by name: V8's JSON and value serializer, the pipe and port writes under IPC. */
const SERIALISATION_NATIVES = new Set(['stringify', 'parse', 'writeValue', 'readValue', 'writeHeader', 'readHeader', 'writeUint32', 'readUint32', 'writeRawBytes', 'readRawBytes', 'releaseBuffer', 'transferArrayBuffer']);
const IPC_NATIVES = new Set(['writeBuffer', 'writev', 'writeUtf8String', 'writeLatin1String', 'writeAsciiString', 'postMessage', 'receiveMessageOnPort', 'drainMessagePort', 'emitMessage', 'onStreamRead']);
const IPC_CODE = /child_process|worker_threads|internal\/worker|MessagePort|node:net|stream_base|internal\/streams|pipe_wrap|piscina|\/src\/backends\/|\/suites\/[^/]+\/(ring|frames|protocol|receiver-link)/i;

/** Where a function belongs; undefined for idle time. */
export function categoryOf(functionName: string, url: string): ProfileCategory | undefined {
  if (IDLE.has(functionName)) return undefined;
  if (functionName === '(garbage collector)') return 'gc';
  const where = `${url} ${functionName}`;
  // The agent's code is the compiled workloads/ folder; src/workloads/ holds the orchestrator's drivers.
  if (/\/workloads\//.test(url) && !/\/src\/workloads\/|node_modules/.test(url)) return 'agent';
  if (SERIALISATION_NATIVES.has(functionName) || /msgpackr|serializ|node:v8|structuredClone|\bJSON\b/i.test(where)) return 'serialisation';
  if (IPC_NATIVES.has(functionName) || IPC_CODE.test(where)) return 'ipc';
  return 'other';
}

/** A span of the monotonic clock every profile of a machine shares (µs, as in startTime and endTime). */
export interface ProfileWindow {
  startUs: number;
  endUs: number;
}

/**
 * Milliseconds each node was on top of the stack: V8 attributes each sample's delta to the node it caught.
 * With a window, only samples inside it count (a worker's start-up and warm-up stay out).
 */
export function selfTimesMs(profile: CpuProfile, window?: ProfileWindow): Map<number, number> {
  const self = new Map<number, number>();
  const { samples, timeDeltas } = profile;
  let atUs = profile.startTime;
  for (let i = 0; i < samples.length; i++) {
    atUs += timeDeltas[i]!;
    if (window && (atUs < window.startUs || atUs > window.endUs)) continue;
    // A sample's time is the gap to the next one; the last sample gets the mean gap.
    const deltaUs = i + 1 < timeDeltas.length ? timeDeltas[i + 1]! : (profile.endTime - profile.startTime) / Math.max(1, samples.length);
    self.set(samples[i]!, (self.get(samples[i]!) ?? 0) + Math.max(0, deltaUs) / 1000);
  }
  return self;
}

export interface FunctionTime {
  name: string;
  url: string;
  line: number;
  category: ProfileCategory;
  selfMs: number;
  /** Which profile (thread or process) it ran in. */
  thread: string;
}

/** Self time per function (same name, file and line folded together), busy time only. */
export function functionTimes(profile: CpuProfile, thread: string, window?: ProfileWindow): FunctionTime[] {
  const self = selfTimesMs(profile, window);
  const categories = nodeCategories(profile);
  const byFunction = new Map<string, FunctionTime>();
  for (const node of profile.nodes) {
    const ms = self.get(node.id);
    if (!ms) continue;
    const { functionName, url, lineNumber } = node.callFrame;
    const category = categories.get(node.id);
    if (!category) continue;
    const key = `${functionName}\u0000${url}\u0000${lineNumber}\u0000${category}`;
    const entry = byFunction.get(key) ?? { name: functionName || '(anonymous)', url, line: lineNumber + 1, category, selfMs: 0, thread };
    entry.selfMs += ms;
    byFunction.set(key, entry);
  }
  return [...byFunction.values()];
}

/**
 * Each node's category, where the runtime's own work (a native or `node:` function that is `other` by itself, such as
 * a Buffer copy) takes the category of the nearest caller that has one: copying a frame inside
 * parseChannelMessages is serialisation, a native write under an agent's step is agent code.
 */
function nodeCategories(profile: CpuProfile): Map<number, ProfileCategory | undefined> {
  const categories = new Map<number, ProfileCategory | undefined>();
  const byId = new Map(profile.nodes.map((node) => [node.id, node]));
  const visit = (node: CpuProfileNode, inherited: ProfileCategory | undefined): void => {
    const { functionName, url } = node.callFrame;
    let category = categoryOf(functionName, url);
    if (category === 'other' && inherited && (url === '' || url.startsWith('node:'))) category = inherited;
    categories.set(node.id, category);
    const passed = category && category !== 'other' ? category : inherited;
    for (const id of node.children ?? []) {
      const child = byId.get(id);
      if (child) visit(child, passed);
    }
  };
  visit(profile.nodes[0]!, undefined);
  return categories;
}

/** One node of the icicle: a function with its total (inclusive) time, children widest first. */
export interface FlameNode {
  name: string;
  category: ProfileCategory | 'idle' | 'thread';
  totalMs: number;
  children: FlameNode[];
}

/**
 * The call tree with inclusive times, idle time left out, and every node under `minShare` of the root
 * pruned (so the report stays small); the profile's root becomes a node named after its thread.
 */
export function flameTree(profile: CpuProfile, thread: string, window?: ProfileWindow, minShare = 0.005): FlameNode {
  const self = selfTimesMs(profile, window);
  const byId = new Map(profile.nodes.map((node) => [node.id, node]));
  const root = profile.nodes[0]!;
  const categories = nodeCategories(profile);
  const build = (node: CpuProfileNode): FlameNode => {
    const { functionName } = node.callFrame;
    const category = categories.get(node.id);
    const children = (node.children ?? []).flatMap((id) => (byId.has(id) ? [build(byId.get(id)!)] : []));
    const ownMs = category ? (self.get(node.id) ?? 0) : 0;
    const totalMs = ownMs + children.reduce((sum, child) => sum + child.totalMs, 0);
    return { name: functionName || '(anonymous)', category: category ?? 'idle', totalMs, children };
  };
  const tree = build(root);
  const floor = tree.totalMs * minShare;
  const prune = (node: FlameNode): FlameNode => ({
    ...node,
    children: node.children
      .filter((child) => child.totalMs >= floor && child.totalMs > 0)
      .sort((a, b) => b.totalMs - a.totalMs)
      .map(prune),
  });
  return { ...prune(tree), name: thread, category: 'thread' };
}

/** Whether a parsed file has what DevTools needs to load it. */
export function isCpuProfile(value: unknown): value is CpuProfile {
  const profile = value as Partial<CpuProfile> | null;
  return (
    typeof profile === 'object' &&
    profile !== null &&
    Array.isArray(profile.nodes) &&
    profile.nodes.length > 0 &&
    Array.isArray(profile.samples) &&
    Array.isArray(profile.timeDeltas) &&
    profile.samples.length === profile.timeDeltas.length
  );
}
