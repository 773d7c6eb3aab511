/**
 * Bare forked child for bench/harness-overhead: every IPC message goes
 * straight back. It serves both the echo ping-pong ({seq, body}) and the
 * noop request/response ([id, value] in, the same [id, value] out).
 */
process.on('message', (message) => {
  process.send!(message);
});
// Leave when the parent disconnects the IPC channel.
process.on('disconnect', () => process.exit(0));
