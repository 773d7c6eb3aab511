import assert from 'node:assert/strict';
import { readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, it } from 'node:test';

/**
 * The dependency rule, read from the TypeScript sources: agent code (what workers and children load) reaches
 * only agent code and the kernel; the kernel reaches nothing outside itself; statistics and measurement never
 * reach a workload. Type-only imports count too: they are dependencies all the same.
 */
const ROOT = fileURLToPath(new URL('../../../', import.meta.url));
const KERNEL = 'src/kernel/';

// Static imports and re-exports, side-effect imports, dynamic imports and `new URL(…, import.meta.url)` entries.
const SPECIFIER = /\bfrom\s*['"]([^'"]+)['"]|\bimport\s*\(\s*['"]([^'"]+)['"]\s*\)|\bimport\s+['"]([^'"]+)['"]|new URL\(\s*['"]([^'"]+)['"],\s*import\.meta\.url/g;

function sourcesUnder(folder: string): string[] {
  return readdirSync(path.join(ROOT, folder), { recursive: true, encoding: 'utf8' })
    .filter((file) => file.endsWith('.ts'))
    .map((file) => path.posix.join(folder, file.split(path.sep).join('/')));
}

/** The repository files a source file imports, as repository paths (`.js` specifiers read as their `.ts` source). */
function localImports(file: string): string[] {
  const text = readFileSync(path.join(ROOT, file), 'utf8');
  return [...text.matchAll(SPECIFIER)]
    .map((match) => match[1] ?? match[2] ?? match[3] ?? match[4]!)
    .filter((specifier) => specifier.startsWith('.'))
    .map((specifier) => path.posix.normalize(path.posix.join(path.posix.dirname(file), specifier)).replace(/\.js$/, '.ts'));
}

/** Every repository file reachable from the entries, with the file that first imported it; the walk stops at files outside `within`. */
function reachable(entries: readonly string[], within: (file: string) => boolean): Map<string, string> {
  const found = new Map(entries.map((entry) => [entry, '(entry)']));
  const queue = [...entries];
  while (queue.length > 0) {
    const file = queue.pop()!;
    for (const target of localImports(file)) {
      if (found.has(target)) continue;
      found.set(target, file);
      if (within(target)) queue.push(target);
    }
  }
  return found;
}

/** Agent code: under workloads/ but not a driver, or in the kernel. */
const isAgentSide = (file: string): boolean =>
  (file.startsWith('workloads/') && path.posix.basename(file) !== 'driver.ts') || file.startsWith(KERNEL);

describe('dependencies point one way', () => {
  it('agent code reaches only agent code and the kernel, never a driver or the rest of src/', () => {
    const agents = sourcesUnder('workloads').filter((file) => path.posix.basename(file) === 'agent.ts');
    assert.ok(agents.length >= 12, `expected an agent.ts per workload, found ${agents.length}`);
    const wrong = [...reachable(['workloads/index.ts', ...agents], isAgentSide)]
      .filter(([file]) => !isAgentSide(file))
      .map(([file, importer]) => `${importer} imports ${file}`);
    assert.deepEqual(wrong, []);
  });

  it('the kernel imports nothing outside itself', () => {
    const wrong = sourcesUnder(KERNEL).flatMap((file) =>
      localImports(file)
        .filter((target) => !target.startsWith(KERNEL))
        .map((target) => `${file} imports ${target}`),
    );
    assert.deepEqual(wrong, []);
  });

  it('statistics and measurement import nothing from workloads/', () => {
    const wrong = [...sourcesUnder('src/stats'), ...sourcesUnder('src/measure')].flatMap((file) =>
      localImports(file)
        .filter((target) => target.startsWith('workloads/'))
        .map((target) => `${file} imports ${target}`),
    );
    assert.deepEqual(wrong, []);
  });
});
