import type { FaultTask } from './kinds.js';
import type { PoolOptions } from '../../src/backends/types.js';

/**
 * Messages between the faults workload's supervisor (in the lab) and the
 * sacrificial process that hosts one backend for it. A fault may take that
 * whole process down (a fatal crash on threads or inline); the lab survives
 * and counts what was lost.
 */
export interface HarnessConfig {
  /** The backend side, `kind[:variant]`. */
  side: string;
  pool: PoolOptions;
  /** How often the host says it is alive; a host silent for the task timeout is hung. */
  beatMs: number;
}

export type ToHarness =
  | { type: 'round'; tasks: FaultTask[] }
  /** Wait until every slot of every worker serves again (a replaced worker or child included). */
  | { type: 'recover' }
  | { type: 'memory' }
  | { type: 'close' };

export type FromHarness =
  | { type: 'ready' }
  | { type: 'beat' }
  | { type: 'done'; index: number; ok: true; checksum: string }
  | { type: 'done'; index: number; ok: false; error: string }
  | { type: 'recovered' }
  | { type: 'memory'; rssBytes: number; pssBytes: number | null };
