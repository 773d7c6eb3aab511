import type { Backend } from '../../backends/types.js';
import { ClientDriver } from './client-process.js';
import type { RunningServer } from './running-server.js';

interface Stoppable {
  stop(): Promise<void>;
}

/** What one parameter point (one case per side) has running: a server per side and one client driver. */
interface PointResources {
  readonly key: string;
  readonly servers: Map<string, { backend: Backend; server: Promise<RunningServer> }>;
  driver?: Promise<ClientDriver>;
}

async function stopWhenStarted(started: Promise<Stoppable> | undefined): Promise<void> {
  await started?.then((resource) => resource.stop(), () => {});
}

/**
 * Everything the websocket suite starts, owned in one place (its Prepared
 * value). Servers and the client driver live for one parameter point: the
 * runner interleaves that point's sides repetition by repetition, so each
 * side's server stays up, and warm, across its warm-up and timed repetitions.
 * They are stopped when the next point begins, when a repetition fails, and
 * when the runner closes the suite (its last case, an error of the run,
 * Ctrl-C).
 */
export class WebSocketRig {
  private point: PointResources | undefined;
  private closed = false;

  /** This side's server for this point, started on first use (again if the side's backend changed). */
  async server(key: string, side: string, backend: Backend, start: () => Promise<RunningServer>): Promise<RunningServer> {
    const point = await this.enter(key);
    const existing = point.servers.get(side);
    if (existing && existing.backend === backend) return existing.server;
    const server = start();
    point.servers.set(side, { backend, server });
    await stopWhenStarted(existing?.server);
    return this.keep(point, server);
  }

  /** The point's client driver; a new one if a repetition the runner gave up on still holds the old one. */
  async driver(key: string): Promise<ClientDriver> {
    const point = await this.enter(key);
    const current = point.driver;
    if (current && (await current.then((driver) => driver.busy, () => true))) {
      point.driver = undefined;
      await stopWhenStarted(current);
    }
    point.driver ??= ClientDriver.start();
    return this.keep(point, point.driver);
  }

  /** After a failed repetition: stops that side's server and the driver (a later repetition starts new ones). */
  async discard(key: string, side: string): Promise<void> {
    const point = this.point;
    if (point?.key !== key) return;
    const server = point.servers.get(side)?.server;
    const driver = point.driver;
    point.servers.delete(side);
    point.driver = undefined;
    await Promise.all([stopWhenStarted(server), stopWhenStarted(driver)]);
  }

  async close(): Promise<void> {
    this.closed = true;
    await this.leave();
  }

  /**
   * The current point's resources, after stopping the previous point's.
   * Checked again after the wait, so nothing is started into a point that
   * close() or another point has already let go of.
   */
  private async enter(key: string): Promise<PointResources> {
    if (this.point?.key !== key) {
      await this.leave();
      if (!this.closed) this.point ??= { key, servers: new Map() };
    }
    if (this.closed || this.point?.key !== key) throw new Error('the websocket suite was closed while a repetition started');
    return this.point;
  }

  /** What was started into `point`, once started; stopped instead if the point was let go of meanwhile. */
  private async keep<T extends Stoppable>(point: PointResources, started: Promise<T>): Promise<T> {
    const resource = await started;
    if (this.point === point) return resource;
    await resource.stop();
    throw new Error('the websocket suite moved on while a repetition started');
  }

  private async leave(): Promise<void> {
    const point = this.point;
    this.point = undefined;
    if (!point) return;
    await Promise.all([...[...point.servers.values()].map(({ server }) => stopWhenStarted(server)), stopWhenStarted(point.driver)]);
  }
}
