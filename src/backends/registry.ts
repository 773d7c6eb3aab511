import { sideLabel } from '../compare/comparison-key.js';
import { Errors } from '../errors.js';
import { InlineBackend } from './inline.js';
import { ProcessesBackend } from './processes.js';
import { ThreadsBackend } from './threads.js';
import type { Backend, BackendKind, PoolOptions } from './types.js';

interface BackendEntry {
  readonly description: string;
  readonly variants: readonly string[];
  create(options: PoolOptions, variant: string): Backend;
}

/** Every backend by name; a new backend is one file and one line here. */
export const backendRegistry: Readonly<Record<BackendKind, BackendEntry>> = {
  inline: {
    description: 'agents on the orchestrator event loop (the baseline)',
    variants: ['default'],
    create: () => new InlineBackend(),
  },
  threads: {
    description: 'agents on worker threads in a piscina pool',
    variants: ['default'],
    create: (options) => new ThreadsBackend(options),
  },
  processes: {
    description: 'agents in forked child processes, a pool of the same shape',
    variants: ['json', 'advanced'],
    create: (options, variant) => new ProcessesBackend(options, variant as 'json' | 'advanced'),
  },
};

/** One side of a comparison: a backend with one of its variants, written `kind[:variant]`. */
export interface BackendSide {
  readonly kind: BackendKind;
  readonly variant: string;
  readonly label: string;
}

export function parseSide(text: string): BackendSide {
  const [kind, variant] = text.split(':') as [string, string | undefined];
  const entry = backendRegistry[kind as BackendKind];
  if (!entry) {
    throw Errors.user(`unknown backend "${kind}"; use one of: ${Object.keys(backendRegistry).join(', ')}`);
  }
  const chosen = variant ?? entry.variants[0]!;
  if (!entry.variants.includes(chosen)) {
    throw Errors.user(`backend "${kind}" has no variant "${chosen}"; use one of: ${entry.variants.join(', ')}`);
  }
  return { kind: kind as BackendKind, variant: chosen, label: sideLabel({ backend: kind, variant: chosen }) };
}

export function createBackend(side: BackendSide, options: PoolOptions): Backend {
  return backendRegistry[side.kind].create(options, side.variant);
}
