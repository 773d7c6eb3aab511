import { BACKEND_INFO } from '../backends/sides.js';
import { listScenarios, scenarioDescription } from '../scenario/catalog.js';
import { workloadRegistry } from '../workloads/registry.js';

/** `lab list`: workloads with their parameters, backends with their variants, scenarios. */
export function listCommand(flags: { json?: boolean }): number {
  const listing = {
    workloads: Object.values(workloadRegistry).map((workload) => ({
      name: workload.name,
      description: workload.description,
      throughputUnit: workload.throughputUnit,
      latency: workload.latencyDefinition,
      parameters: workload.parameters,
    })),
    backends: Object.entries(BACKEND_INFO).map(([name, entry]) => ({ name, description: entry.description, variants: entry.variants })),
    scenarios: listScenarios().map((name) => ({ name, description: scenarioDescription(name) })),
  };
  if (flags.json) {
    process.stdout.write(`${JSON.stringify(listing, null, 2)}\n`);
    return 0;
  }
  const lines = ['Workloads (lab run --filter NAME):'];
  for (const workload of listing.workloads) {
    lines.push(`  ${workload.name.padEnd(13)} ${workload.description}`);
    lines.push(`  ${''.padEnd(13)} throughput in ${workload.throughputUnit}; latency = ${workload.latency}`);
    for (const [name, spec] of Object.entries(workload.parameters)) {
      const choices = spec.choices ? ` (${spec.choices.join('|')})` : '';
      lines.push(`  ${''.padEnd(13)}   ${name}${choices} = ${spec.default}: ${spec.description}`);
    }
  }
  lines.push('', 'Backends (kind:variant in a scenario\'s "backends"):');
  for (const backend of listing.backends) {
    lines.push(`  ${backend.name.padEnd(13)} ${backend.description}; variants: ${backend.variants.join(', ')}`);
  }
  lines.push('', 'Scenarios (lab run NAME):');
  for (const scenario of listing.scenarios) lines.push(`  ${scenario.name.padEnd(13)} ${scenario.description}`);
  process.stdout.write(`${lines.join('\n')}\n`);
  return 0;
}
