import type { AgentModule } from './types.js';

/**
 * Every workload's agent code, by workload name, loaded on first use: a
 * worker pays only for the workloads it runs (the database agent's ORM is
 * never loaded by a spawn or messaging case).
 */
export const agentModules: Readonly<Record<string, () => Promise<AgentModule>>> = {
  exploration: async () => (await import('./exploration.js')).exploration,
  coordination: async () => (await import('./coordination.js')).coordination,
  messaging: async () => (await import('./messaging.js')).messaging,
  'io-latency': async () => (await import('./io-latency.js')).ioLatency,
  spawn: async () => (await import('./spawn.js')).spawn,
  probe: async () => (await import('./probe.js')).probe,
  'live-memory': async () => (await import('./live-memory.js')).liveMemoryProbe,
  database: async () => (await import('./database.js')).database,
  http: async () => (await import('./http.js')).http,
  websocket: async () => (await import('./websocket.js')).websocket,
  faults: async () => (await import('./faults.js')).faults,
};

/** A built-in workload's agent code by its name, or a user's module by its file URL (`lab run --workload`); undefined for neither. */
export function loadAgentModule(name: string): Promise<AgentModule> | undefined {
  const builtIn = agentModules[name];
  if (builtIn) return builtIn();
  if (name.startsWith('file:')) return import('./user-module.js').then((module) => module.loadUserAgent(name));
  return undefined;
}
