import { Errors } from '../errors.js';
import { coordination } from './coordination.js';
import { database } from './database.js';
import { exploration } from './exploration.js';
import { faults } from './faults.js';
import { ioLatency } from './io-latency.js';
import { messaging } from './messaging.js';
import { spawn } from './spawn.js';
import { channel } from '../suites/throughput/channel-workload.js';
import { serializer } from '../suites/throughput/serializer-workload.js';
import { http } from '../suites/http/workload.js';
import { websocket } from '../suites/websocket/workload.js';
import type { Workload } from './types.js';

/** Every workload by name; a new workload is one agent file, one driver file and one line here. */
export const workloadRegistry: Readonly<Record<string, Workload>> = Object.fromEntries(
  [exploration, coordination, messaging, ioLatency, spawn, faults, database, http, websocket, serializer, channel].map((workload) => [workload.name, workload]),
);

export function findWorkload(name: string): Workload {
  const workload = workloadRegistry[name];
  if (!workload) {
    throw Errors.user(`unknown workload "${name}"; run "lab list" to see them (${Object.keys(workloadRegistry).join(', ')})`);
  }
  return workload;
}
