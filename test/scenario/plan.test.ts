import assert from 'node:assert/strict';
import { fileURLToPath } from 'node:url';
import { describe, it } from 'node:test';
import { UserError } from '../../src/errors.js';
import { listScenarios, loadScenario } from '../../src/scenario/load.js';
import { planScenario } from '../../src/scenario/plan.js';
import { scenarioSchema } from '../../src/scenario/schema.js';

const fixture = (name: string): string => fileURLToPath(new URL(`../../../fixtures/scenarios/${name}`, import.meta.url));
const scenario = (workloads: unknown[], extra: object = {}) => scenarioSchema.parse({ name: 't', workloads, ...extra });

describe('scenarios', () => {
  it('ships quick, and every shipped scenario loads and plans', () => {
    assert.ok(listScenarios().includes('quick'));
    for (const name of listScenarios()) assert.ok(planScenario(loadScenario(name).scenario).groups.length > 0);
  });

  it('expands lists of values into their product, with every default and the pool size filled in', () => {
    const plan = planScenario(scenario([{ workload: 'coordination', params: { agents: [2, 4], topology: ['ring', 'all'] } }], { poolSize: 3 }));
    assert.equal(plan.groups.length, 4);
    assert.deepEqual(plan.groups[0]!.params, { agents: 2, steps: 40, topology: 'ring', poolSize: 3 });
    assert.deepEqual(plan.groups.map((group) => group.sides.length), [4, 4, 4, 4]);
  });

  it('lets an entry override repetitions and the CLI override both', () => {
    const file = scenario([{ workload: 'exploration', repeat: 9 }, { workload: 'spawn' }]);
    assert.deepEqual(planScenario(file).groups.map((group) => group.repeat), [9, 6]);
    assert.deepEqual(planScenario(file).groups.map((group) => group.maxRounds), [40, 40], 'adaptive up to the scenario limit');
    const fixed = planScenario(file, { repeat: 2 });
    assert.deepEqual(fixed.groups.map((group) => group.repeat), [2, 2]);
    assert.deepEqual(fixed.groups.map((group) => group.maxRounds), [2, 2], '--repeat fixes the rounds: no adaptive sampling');
  });

  it('filters parameter points by text and says so when nothing matches', () => {
    const file = scenario([{ workload: 'exploration', params: { agents: [2, 8] } }, { workload: 'spawn' }]);
    assert.equal(planScenario(file, { filter: 'agents=8' }).groups.length, 1);
    assert.throws(() => planScenario(file, { filter: 'websocket' }), /matches no case/);
  });

  it('rejects unknown workloads, parameters, values and backends with a message that names them', () => {
    const cases: Array<[unknown[], object, RegExp]> = [
      [[{ workload: 'nosuch' }], {}, /unknown workload "nosuch".*lab list/],
      [[{ workload: 'exploration', params: { agnets: 2 } }], {}, /unknown parameter "agnets"; exploration takes agents, steps, poolSize/],
      [[{ workload: 'exploration', params: { agents: 0 } }], {}, /agents must be a whole number ≥ 1/],
      [[{ workload: 'coordination', params: { topology: 'star' } }], {}, /topology must be one of ring, all/],
      [[{ workload: 'spawn' }], { backends: ['gpu'] }, /unknown backend "gpu"/],
    ];
    for (const [workloads, extra, message] of cases) {
      assert.throws(() => planScenario(scenario(workloads, extra)), (error: Error) => error instanceof UserError && message.test(error.message));
    }
  });

  it('reports a malformed or unparsable file in one line with the path inside it', () => {
    assert.throws(() => loadScenario(fixture('malformed.json')), /malformed at repeat: Expected number, received string/);
    assert.throws(() => loadScenario(fixture('not-json.json')), /is not valid JSON/);
    assert.throws(() => loadScenario('nosuch'), /unknown scenario "nosuch"; use one of: .*quick/);
  });
});
