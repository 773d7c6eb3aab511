import { beliefResponse } from '../../../workloads/http/agent.js';
import { createLabServer, listenOnLoopback } from './server.js';

/**
 * One node:cluster worker: the same server as the inline mode, computing the
 * belief update on its own event loop. Port 0 in a cluster worker asks the
 * primary, which hands every worker the same port.
 */
await listenOnLoopback(createLabServer(beliefResponse));

// The primary decides when workers stop: Ctrl-C reaches the whole process group.
process.on('SIGINT', () => {});
// The primary disconnected (stopped or died): leave at once.
process.on('disconnect', () => process.exit(0));
