import type { AgentModule, AgentPort } from '../../src/kernel/agent.js';

/** A message crossing the backend boundary: a sequence number and an ASCII body of the payload size. */
export interface Envelope {
  seq: number;
  body: string;
}

export interface Ack {
  seq: number;
  digest: number;
}

/** Cheap proof that the body arrived whole: its length and a character from its middle. */
export function digest(body: string): number {
  return (body.length * 31 + body.charCodeAt(body.length >> 1)) | 0;
}

/** Round trips: every message goes back as it came. */
async function echo(port: AgentPort): Promise<number> {
  let received = 0;
  port.onMessage((message) => {
    received++;
    port.send(message);
  });
  await port.ended;
  return received;
}

/** Streams and fan-out: every message is acknowledged with a digest of its body. */
async function sink(port: AgentPort): Promise<number> {
  let received = 0;
  port.onMessage((message) => {
    const { seq, body } = message as Envelope;
    received++;
    port.send({ seq, digest: digest(body) } satisfies Ack);
  });
  await port.ended;
  return received;
}

export const messaging: AgentModule = {
  channels: { echo, sink },
};
