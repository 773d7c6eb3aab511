import type { BackendKind } from '../backends/types.js';

/**
 * An auxiliary measurement that owns servers or processes of its own (http, websocket, throughput, database), where
 * a core workload runs wholly on the runner's pool. Its workloads' cases carry its name as their `suite`, and it
 * says, per backend kind, whether that side's work runs on the runner's pool: where it does not (a node:cluster
 * serving the processes side, a channel's own receiver), the runner starts and warms no pool and hands run() an
 * unstarted backend (its kind, variant and size), and the workload reports the CPU of the processes doing the work
 * as its `workCpuPercent` metric.
 */
export interface Suite {
  readonly name: string;
  usesPool(kind: BackendKind): boolean;
}

/** What a workload of `suite` declares, in the fields the runner reads: `suite` for its cases, `usesPool` per side. */
export function inSuite(suite: Suite): { readonly suite: string; usesPool(kind: BackendKind): boolean } {
  return { suite: suite.name, usesPool: (kind) => suite.usesPool(kind) };
}
