import type { AgentModule } from '../src/kernel/agent.js';

/**
 * Every workload's agent code, by workload name, loaded on first use: a
 * worker pays only for the workloads it runs (the database agent's ORM is
 * never loaded by a spawn or messaging case).
 */
export const agentModules: Readonly<Record<string, () => Promise<AgentModule>>> = {
  exploration: async () => (await import('./exploration/agent.js')).exploration,
  coordination: async () => (await import('./coordination/agent.js')).coordination,
  messaging: async () => (await import('./messaging/agent.js')).messaging,
  'io-latency': async () => (await import('./io-latency/agent.js')).ioLatency,
  spawn: async () => (await import('./spawn/agent.js')).spawn,
  probe: async () => (await import('./probe/agent.js')).probe,
  'live-memory': async () => (await import('../src/kernel/live-memory.js')).liveMemoryProbe,
  database: async () => (await import('./database/agent.js')).database,
  http: async () => (await import('./http/agent.js')).http,
  websocket: async () => (await import('./websocket/agent.js')).websocket,
  faults: async () => (await import('./faults/agent.js')).faults,
};

/** A built-in workload's agent code by its name, or a user's module by its file URL (`lab run --workload`); undefined for neither. */
export function loadAgentModule(name: string): Promise<AgentModule> | undefined {
  const builtIn = agentModules[name];
  if (builtIn) return builtIn();
  if (name.startsWith('file:')) return import('./user-module/agent.js').then((module) => module.loadUserAgent(name));
  return undefined;
}
