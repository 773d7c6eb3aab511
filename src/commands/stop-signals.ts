/** After the first signal, what was measured has this long to be written before the lab quits anyway. */
const HARD_STOP_MS = 4500;

export interface SignalStop {
  /** Aborted by the first SIGINT or SIGTERM. */
  signal: AbortSignal;
  /** `stopped by SIGINT` (or SIGTERM) once a signal came. */
  reason(): string | undefined;
  /** Stops listening: call when the work is done. */
  release(): void;
}

/**
 * Ctrl-C, `timeout` and a container stop, the lab's way: the first SIGINT or
 * SIGTERM aborts the work, which stops cleanly (pools, servers, scratch
 * folders) and keeps what it has, saying `doing`; a second signal, or
 * HARD_STOP_MS later, quits at once with 130.
 */
export function stopOnSignals(doing: string): SignalStop {
  const controller = new AbortController();
  let reason: string | undefined;
  const onSignal = (signal: NodeJS.Signals): void => {
    if (controller.signal.aborted) process.exit(130);
    reason = `stopped by ${signal}`;
    process.stderr.write(`\nlab: ${signal} received, ${doing} (again to quit at once)\n`);
    controller.abort();
    setTimeout(() => process.exit(130), HARD_STOP_MS).unref();
  };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
  return {
    signal: controller.signal,
    reason: () => reason,
    release: () => {
      process.off('SIGINT', onSignal);
      process.off('SIGTERM', onSignal);
    },
  };
}
