import { ServerRig } from '../server-rig.js';
import { ClientDriver } from './client-process.js';
import type { RunningServer } from './running-server.js';

/** The websocket suite's servers and its client driver (see ServerRig). */
export class WebSocketRig extends ServerRig<RunningServer, ClientDriver> {
  constructor() {
    super('websocket', () => ClientDriver.start());
  }
}
