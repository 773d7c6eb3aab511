import { beliefDigest } from '../../../workloads/websocket/agent.js';
import { packFrame, unpackFrame, type IpcSerialization, type RelayMessage } from './protocol.js';
import { createSuiteServer, listenOnLoopback } from './server.js';

/**
 * One node:cluster worker: the same server as the inline mode, computing the
 * belief update on its own event loop. Port 0 in a cluster worker asks the
 * primary, which hands every worker the same port. A broadcast this worker
 * originates goes to the primary for the others; one relayed from another
 * worker goes to this worker's connections.
 */
const serialization = process.argv[2] as IpcSerialization;

const server = createSuiteServer(beliefDigest, (frame) => {
  if (process.connected) process.send!(packFrame(frame, serialization));
});
process.on('message', (message: RelayMessage) => {
  if (message?.type === 'relay') server.sendToAll(unpackFrame(message));
});
// The primary decides when workers stop: Ctrl-C reaches the whole process group.
process.on('SIGINT', () => {});
// The primary left (stopped or died): leave at once.
process.on('disconnect', () => process.exit(0));

await listenOnLoopback(server);
