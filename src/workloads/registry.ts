import { Errors } from '../errors.js';
import { exploration } from '../../workloads/exploration/driver.js';
import { coordination } from '../../workloads/coordination/driver.js';
import { messaging } from '../../workloads/messaging/driver.js';
import { ioLatency } from '../../workloads/io-latency/driver.js';
import { spawn } from '../../workloads/spawn/driver.js';
import { faults } from '../../workloads/faults/driver.js';
import { database } from '../../workloads/database/driver.js';
import { http } from '../../workloads/http/driver.js';
import { websocket } from '../../workloads/websocket/driver.js';
import { serializer } from '../../workloads/serializer/driver.js';
import { channel } from '../../workloads/channel/driver.js';
import type { Workload } from './types.js';

/**
 * Every workload by name, in `lab list` order: a new workload is one folder, `workloads/<name>/`, and its line
 * here (the import, and its name in the list). Only the drivers are imported, and they load what a run needs when
 * a case prepares or runs, so `lab list` reads every workload's name, words and parameters without it.
 */
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
