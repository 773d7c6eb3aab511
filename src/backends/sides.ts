import { sideLabel } from '../compare/comparison-key.js';
import { Errors } from '../errors.js';
import type { BackendKind } from './types.js';

/** What a backend is called and offers, known without loading it (`lab list`, a scenario's "backends"). */
export interface BackendInfo {
  readonly description: string;
  readonly variants: readonly string[];
}

/** Every backend's words and variants; `registry.ts` adds how to create each. */
export const BACKEND_INFO: Readonly<Record<BackendKind, BackendInfo>> = {
  inline: { description: 'agents on the orchestrator event loop (the baseline)', variants: ['default'] },
  threads: { description: 'agents on worker threads in a piscina pool', variants: ['default'] },
  processes: { description: 'agents in forked child processes, a pool of the same shape', variants: ['json', 'advanced'] },
};

/** One side of a comparison: a backend with one of its variants, written `kind[:variant]`. */
export interface BackendSide {
  readonly kind: BackendKind;
  readonly variant: string;
  readonly label: string;
}

export function parseSide(text: string): BackendSide {
  const [kind, variant] = text.split(':') as [string, string | undefined];
  const entry = BACKEND_INFO[kind as BackendKind];
  if (!entry) {
    throw Errors.user(`unknown backend "${kind}"; use one of: ${Object.keys(BACKEND_INFO).join(', ')}`);
  }
  const chosen = variant ?? entry.variants[0]!;
  if (!entry.variants.includes(chosen)) {
    throw Errors.user(`backend "${kind}" has no variant "${chosen}"; use one of: ${entry.variants.join(', ')}`);
  }
  return { kind: kind as BackendKind, variant: chosen, label: sideLabel({ backend: kind, variant: chosen }) };
}
