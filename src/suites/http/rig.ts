import type { Backend } from '../../backends/types.js';
import { LoadGenerator } from './load-client.js';
import type { RunningServer } from './running-server.js';

interface Stoppable {
  stop(): Promise<void>;
}

/** What one parameter point (one case per side) has running: a server per side and one load generator. */
interface PointResources {
  readonly key: string;
  readonly servers: Map<string, { backend: Backend; server: Promise<RunningServer> }>;
  loadGenerator?: Promise<LoadGenerator>;
}

async function stopWhenStarted(started: Promise<Stoppable> | undefined): Promise<void> {
  await started?.then((resource) => resource.stop(), () => {});
}

/**
 * Everything the http suite starts, owned in one place (its Prepared value).
 * Servers and the load generator live for one parameter point: the runner
 * interleaves that point's sides repetition by repetition, so each side's
 * server stays up (and warm) across its repetitions and is stopped as soon
 * as the next point begins, when a repetition fails, or when the runner
 * closes the suite (its last case, an error of the run, Ctrl-C).
 */
export class HttpRig {
  private point: PointResources | undefined;
  private closed = false;

  /** This side's server for this point, started on first use; a point's first call stops the previous point's. */
  async server(key: string, side: string, backend: Backend, start: () => Promise<RunningServer>): Promise<RunningServer> {
    const point = await this.enter(key);
    const existing = point.servers.get(side);
    if (existing && existing.backend === backend) return existing.server;
    const server = start();
    point.servers.set(side, { backend, server });
    await stopWhenStarted(existing?.server);
    return server;
  }

  async loadGenerator(key: string): Promise<LoadGenerator> {
    const point = await this.enter(key);
    point.loadGenerator ??= LoadGenerator.start();
    return point.loadGenerator;
  }

  /** After a failed repetition: stops that side's server and the load generator (a later repetition starts new ones). */
  async discard(key: string, side: string): Promise<void> {
    const point = this.point;
    if (point?.key !== key) return;
    const server = point.servers.get(side)?.server;
    const loadGenerator = point.loadGenerator;
    point.servers.delete(side);
    point.loadGenerator = undefined;
    await Promise.all([stopWhenStarted(server), stopWhenStarted(loadGenerator)]);
  }

  async close(): Promise<void> {
    this.closed = true;
    await this.leave();
  }

  /**
   * The current point's resources, after stopping the previous point's. Checked
   * again after the wait, so nothing is started into a point that close() or
   * another point has already let go of.
   */
  private async enter(key: string): Promise<PointResources> {
    if (this.point?.key !== key) {
      await this.leave();
      if (!this.closed) this.point ??= { key, servers: new Map() };
    }
    if (this.closed || this.point?.key !== key) throw new Error('the http suite was closed while a repetition started');
    return this.point;
  }

  private async leave(): Promise<void> {
    const point = this.point;
    this.point = undefined;
    if (!point) return;
    await Promise.all([
      ...[...point.servers.values()].map(({ server }) => stopWhenStarted(server)),
      stopWhenStarted(point.loadGenerator),
    ]);
  }
}
