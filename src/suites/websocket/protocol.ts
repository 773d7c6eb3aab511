import type { JobReply } from '../job-child.js';
import type { PrimaryReply } from '../server-rig.js';

/** The only interface any server of the suite listens on: nothing outside the machine can reach it. */
export const LOOPBACK = '127.0.0.1';

/**
 * Messages over the IPC channels of the suite's own processes: the lab and
 * the client driver, the lab and the cluster primary, the primary and its
 * workers.
 */

/** One repetition's load, run by the client driver against one server. */
export interface DriverJob {
  /** `ws://127.0.0.1:PORT`. */
  url: string;
  connections: number;
  /** Handshakes in flight at once while the connections open. */
  openConcurrency: number;
  /** Echo messages each connection sends, one in flight at a time. */
  messagesPerConnection: number;
  payloadBytes: number;
  /** Broadcasts, one after another, each awaited on every connection. */
  broadcasts: number;
  /** Belief updates the server runs per message. */
  cpuSteps: number;
  seed: number;
}

/** What the driver measured, on its own clock. Histograms are encoded HDR histograms (ns). */
export interface DriverOutcome {
  /** Connections open at once, counted after the broadcast phase, when every one had received every broadcast. */
  openConnections: number;
  /** From the first handshake to the last connection open. */
  connectMs: number;
  /** Per connection: `new WebSocket()` to its `open` event. */
  setupHistogram: string;
  /** Per echo message: written to the socket to its reply read. */
  echoHistogram: string;
  /** Per broadcast: request written to the moment the last connection has the broadcast. */
  broadcastHistogram: string;
  echoMessages: number;
  /** From the first echo sent to the last reply read. */
  echoMs: number;
  /** Digests of every echo (connection order, then message order) and every broadcast. */
  checksum: string;
  bufferutil: boolean;
  /** CPU the driver itself used over the job, 100 = one core busy. */
  cpuPercent: number;
}

export type DriverRequest = { type: 'job'; id: number; job: DriverJob };
export type DriverReply = JobReply<DriverOutcome>;

export type ClusterReply = PrimaryReply<{ bufferutil: boolean }>;

/**
 * A broadcast frame on its way between cluster workers, through the primary:
 * base64 text under `json` IPC serialization, bytes under `advanced`.
 */
export type RelayMessage = { type: 'relay'; frame: string | Uint8Array };

export type IpcSerialization = 'json' | 'advanced';

export function packFrame(frame: Buffer, serialization: IpcSerialization): RelayMessage {
  return { type: 'relay', frame: serialization === 'advanced' ? frame : frame.toString('base64') };
}

export function unpackFrame({ frame }: RelayMessage): Buffer {
  return typeof frame === 'string' ? Buffer.from(frame, 'base64') : Buffer.from(frame.buffer, frame.byteOffset, frame.byteLength);
}
