/** A bench script leaves no process behind, and says why when it stalls. */
import { liveChildren } from '../src/measure/process-tree.js';

/** Node exits with 13 when the event loop empties under a pending top-level await: some pool never answered. */
export function explainStall(): void {
  process.on('exit', (code) => {
    if (code === 13) console.error('\nstopped with work pending: a pool never answered (a worker that failed to load its entry? is dist/ fully built?)');
  });
}

/** Waits briefly for children to be reaped; reports any that remain. */
export async function assertNoChildren(where: string): Promise<void> {
  for (let attempt = 0; attempt < 50; attempt++) {
    if (liveChildren().length === 0) return;
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  console.error(`WARNING: child processes still alive after ${where}: ${liveChildren().join(', ')}`);
  process.exitCode = 1;
}
