import { readFileSync, readdirSync, rmSync } from 'node:fs';

/**
 * Watches the embedded PostgreSQL for the lab. Forked with an IPC channel, it
 * learns of the lab's end when that channel closes, whatever the cause: a
 * kill -9 of the lab runs none of its exit hooks. Every process working on the
 * server's data directory (initdb, its bootstrap server, the postmaster) then
 * gets SIGINT (a fast shutdown for the postmaster), SIGKILL after 5 s, and once
 * none has been seen for half a second the server's private directory is
 * deleted. When the lab stops the server itself, it ends this process first.
 *
 *   watchdog.js SERVER_ROOT DATA_DIR
 */
const [root, data] = process.argv.slice(2);
const KILL_AFTER_MS = 5000;
const QUIET_MS = 500;
const GIVE_UP_MS = 15_000;

/** Processes whose command line names the data directory: initdb (--pgdata=DIR), postgres (-D DIR). */
function working(): number[] {
  const found: number[] = [];
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry) || Number(entry) === process.pid) continue;
    try {
      const command = readFileSync(`/proc/${entry}/cmdline`, 'utf8').split('\0');
      if (command.some((part) => part === data || part === `--pgdata=${data}`)) found.push(Number(entry));
    } catch {
      // gone meanwhile
    }
  }
  return found;
}

function signal(pids: readonly number[], name: NodeJS.Signals): void {
  for (const pid of pids) {
    try {
      process.kill(pid, name);
    } catch {
      // gone meanwhile
    }
  }
}

process.on('disconnect', () => {
  const started = Date.now();
  let quietSince = Date.now();
  const timer = setInterval(() => {
    const pids = working();
    const elapsed = Date.now() - started;
    if (pids.length > 0) {
      quietSince = Date.now();
      signal(pids, elapsed > KILL_AFTER_MS ? 'SIGKILL' : 'SIGINT');
    }
    if (Date.now() - quietSince >= QUIET_MS || elapsed > GIVE_UP_MS) {
      clearInterval(timer);
      if (root) rmSync(root, { recursive: true, force: true });
      process.exit(0);
    }
  }, 100);
});
// Ctrl-C reaches the whole process group: the lab decides when the server stops.
process.on('SIGINT', () => {});
