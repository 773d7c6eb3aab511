import { InlineBackend } from './inline.js';
import { ProcessesBackend } from './processes.js';
import { BACKEND_INFO, type BackendInfo, type BackendSide } from './sides.js';
import { ThreadsBackend } from './threads.js';
import type { Backend, BackendKind, PoolOptions } from './types.js';

export { parseSide, type BackendSide } from './sides.js';

interface BackendEntry extends BackendInfo {
  create(options: PoolOptions, variant: string): Backend;
}

/** Every backend by name; a new backend is one file, one line here and its words in `sides.ts`. */
export const backendRegistry: Readonly<Record<BackendKind, BackendEntry>> = {
  inline: { ...BACKEND_INFO.inline, create: () => new InlineBackend() },
  threads: { ...BACKEND_INFO.threads, create: (options) => new ThreadsBackend(options) },
  processes: {
    ...BACKEND_INFO.processes,
    create: (options, variant) => new ProcessesBackend(options, variant as 'json' | 'advanced'),
  },
};

export function createBackend(side: BackendSide, options: PoolOptions): Backend {
  return backendRegistry[side.kind].create(options, side.variant);
}
