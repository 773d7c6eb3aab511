import { readFileSync, rmSync } from 'node:fs';

/**
 * Watches the embedded PostgreSQL for the lab. Forked with an IPC channel, it
 * learns of the lab's end when that channel closes, whatever the cause: a
 * kill -9 of the lab runs none of its exit hooks. If the postmaster is still
 * there it gets a fast shutdown (SIGKILL after 5 s), and the server's private
 * directory is deleted. When the lab stops the server itself, it ends this
 * process first.
 *
 *   watchdog.js POSTMASTER_PID SERVER_ROOT
 */
const [pidText, root] = process.argv.slice(2);
const pid = Number(pidText);
const KILL_AFTER_MS = 5000;

function postmasterRunning(): boolean {
  try {
    return readFileSync(`/proc/${pid}/cmdline`, 'utf8').includes('postgres');
  } catch {
    return false;
  }
}

function signal(name: NodeJS.Signals): void {
  try {
    process.kill(pid, name);
  } catch {
    // gone meanwhile
  }
}

process.on('disconnect', () => {
  const started = Date.now();
  if (postmasterRunning()) signal('SIGINT');
  const timer = setInterval(() => {
    if (!postmasterRunning()) {
      clearInterval(timer);
      if (root) rmSync(root, { recursive: true, force: true });
      process.exit(0);
    }
    if (Date.now() - started > KILL_AFTER_MS) signal('SIGKILL');
  }, 100);
});
// Ctrl-C reaches the whole process group: the lab decides when the server stops.
process.on('SIGINT', () => {});
