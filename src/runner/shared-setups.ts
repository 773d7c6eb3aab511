import { messageOf } from '../errors.js';
import type { CaseGroup } from '../scenario/plan.js';
import type { Prepared } from '../workloads/types.js';

export class SetupError extends Error {
  override readonly name = 'SetupError';
}

/**
 * Workload set-ups shared across cases (a database server): made before the
 * first case of the workload, undone after its last one, and always undone
 * when the run ends early.
 */
export class SharedSetups {
  private readonly open = new Map<string, Promise<Prepared>>();
  private readonly lastIndex = new Map<string, number>();

  constructor(private readonly groups: readonly CaseGroup[]) {
    groups.forEach((group, index) => this.lastIndex.set(group.workload.name, index));
  }

  async before(group: CaseGroup): Promise<unknown> {
    const { workload } = group;
    if (!workload.prepare) return undefined;
    let setup = this.open.get(workload.name);
    if (!setup) {
      setup = workload.prepare(group.params);
      this.open.set(workload.name, setup);
    }
    try {
      return (await setup).value;
    } catch (error) {
      throw new SetupError(`${workload.name} set-up failed: ${messageOf(error)}`);
    }
  }

  async after(index: number): Promise<void> {
    const name = this.groups[index]!.workload.name;
    if (this.lastIndex.get(name) === index) await this.close(name);
  }

  async closeAll(): Promise<void> {
    await Promise.all([...this.open.keys()].map((name) => this.close(name)));
  }

  private async close(name: string): Promise<void> {
    const setup = this.open.get(name);
    if (!setup) return;
    this.open.delete(name);
    await setup.then((prepared) => prepared.close()).catch(() => {});
  }
}
