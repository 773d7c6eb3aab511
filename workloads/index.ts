import { coordination } from './coordination.js';
import { exploration } from './exploration.js';
import { ioLatency } from './io-latency.js';
import { messaging } from './messaging.js';
import { probe } from './probe.js';
import { spawn } from './spawn.js';
import type { AgentModule } from './types.js';

/** Every workload's agent code, by workload name: what each backend hosts. */
export const agentModules: Readonly<Record<string, AgentModule>> = {
  exploration,
  coordination,
  messaging,
  'io-latency': ioLatency,
  spawn,
  probe,
};
