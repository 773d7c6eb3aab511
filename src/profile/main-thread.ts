import { Session } from 'node:inspector/promises';
import { SAMPLING_INTERVAL_US } from './cpu-prof-args.js';
import type { CpuProfile } from './cpu-profile.js';

/**
 * Profiles this process's main thread (the orchestrator, and inline agents)
 * through an inspector session, the way DevTools does; stop() returns the
 * profile and ends the session.
 */
export async function startMainThreadProfile(): Promise<{ stop(): Promise<CpuProfile> }> {
  const session = new Session();
  session.connect();
  await session.post('Profiler.enable');
  await session.post('Profiler.setSamplingInterval', { interval: SAMPLING_INTERVAL_US });
  await session.post('Profiler.start');
  return {
    async stop() {
      try {
        const { profile } = await session.post('Profiler.stop');
        return profile as unknown as CpuProfile;
      } finally {
        session.disconnect();
      }
    },
  };
}
