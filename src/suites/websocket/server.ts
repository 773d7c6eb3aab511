import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { WebSocket, WebSocketServer } from 'ws';
import type { BeliefWork } from '../../../workloads/websocket/agent.js';
import { FrameKind, HEADER_BYTES, errorFrame, kindOf, seedOf, toReply, wordOf } from './frames.js';
import { LOOPBACK } from './protocol.js';

export { LOOPBACK };

/** Runs the CPU work of one message: in place (a cluster worker), on the inline backend or on a worker thread. */
export type BeliefCompute = (work: BeliefWork) => unknown;

/** The suite's `ws` server, whichever process runs it. */
export interface SuiteServer {
  readonly http: http.Server;
  /** Sends a BROADCAST frame to every open connection of this server. */
  sendToAll(frame: Buffer): void;
  /** Destroys every WebSocket connection (upgraded sockets are not the http server's to close). */
  terminateAll(): void;
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/**
 * A `ws` server that answers the client driver's frames (frames.ts): an ECHO
 * is computed and returned on its connection; a BROADCAST_REQUEST is computed
 * once and sent to every connection, then handed to `onBroadcast` (a cluster
 * worker relays it to the other workers through the primary). A failed
 * computation answers with an ERROR frame, so the driver counts it.
 */
export function createSuiteServer(compute: BeliefCompute, onBroadcast?: (frame: Buffer) => void): SuiteServer {
  const server = http.createServer((_request, response) => {
    response.writeHead(426, { 'content-type': 'text/plain' }).end('WebSocket only\n');
  });
  const wss = new WebSocketServer({ server, perMessageDeflate: false });
  const sendToAll = (frame: Buffer): void => {
    for (const client of wss.clients) if (client.readyState === WebSocket.OPEN) client.send(frame);
  };

  const answer = (socket: WebSocket, frame: Buffer, digest: number): void => {
    if (kindOf(frame) === FrameKind.ECHO) {
      if (socket.readyState === WebSocket.OPEN) socket.send(toReply(frame, FrameKind.ECHO_REPLY, digest));
      return;
    }
    const broadcast = toReply(frame, FrameKind.BROADCAST, digest);
    sendToAll(broadcast);
    onBroadcast?.(broadcast);
  };
  const refuse = (socket: WebSocket, frame: Buffer, error: unknown): void => {
    if (socket.readyState === WebSocket.OPEN) socket.send(errorFrame(seedOf(frame), messageOf(error)));
  };

  wss.on('connection', (socket) => {
    // A client that vanishes mid-frame is the driver's to count; the server carries on.
    socket.on('error', () => {});
    socket.on('message', (data) => {
      const frame = data as Buffer;
      const kind = frame.length >= HEADER_BYTES ? kindOf(frame) : 0;
      if (kind !== FrameKind.ECHO && kind !== FrameKind.BROADCAST_REQUEST) return socket.close(1003, 'unknown frame');
      let result: unknown;
      try {
        result = compute({ seed: seedOf(frame), steps: wordOf(frame) });
      } catch (error) {
        return refuse(socket, frame, error);
      }
      // A cluster worker computes in place: no promise turn on its hot path.
      if (typeof result === 'number') return answer(socket, frame, result);
      Promise.resolve(result).then(
        (digest) => answer(socket, frame, Number(digest)),
        (error: unknown) => refuse(socket, frame, error),
      );
    });
  });
  const terminateAll = (): void => {
    for (const client of wss.clients) client.terminate();
    wss.close();
  };
  return { http: server, sendToAll, terminateAll };
}

/** Listens on 127.0.0.1 on a port the OS picks (a cluster worker: the port its primary picked). */
export function listenOnLoopback(server: SuiteServer): Promise<AddressInfo> {
  return new Promise((resolve, reject) => {
    server.http.once('error', reject);
    server.http.listen(0, LOOPBACK, () => {
      server.http.off('error', reject);
      resolve(server.http.address() as AddressInfo);
    });
  });
}

/** Drops every connection at once, so closing never waits on a client. */
export function closeSuiteServer(server: SuiteServer): Promise<void> {
  return new Promise((resolve) => {
    server.terminateAll();
    if (!server.http.listening) return resolve();
    server.http.close(() => resolve());
    server.http.closeAllConnections();
  });
}
