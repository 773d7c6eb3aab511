import { ServerRig } from '../server-rig.js';
import { LoadGenerator } from './load-client.js';
import type { RunningServer } from './running-server.js';

/** The http suite's servers and its load generator (see ServerRig). */
export class HttpRig extends ServerRig<RunningServer, LoadGenerator> {
  constructor() {
    super('http', () => LoadGenerator.start());
  }
}
