import http from 'node:http';
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);

/**
 * Whether `ws` in this process masks and unmasks frames with the native
 * `bufferutil` addon, by the rule ws 8 itself follows: Node's own
 * websocketMask first, where a Node version has one; else bufferutil unless
 * WS_NO_BUFFER_UTIL is set and if it loads.
 */
export function bufferutilInUse(): boolean {
  if ('websocketMask' in http && (http as { websocketMask?: unknown }).websocketMask) return false;
  if (process.env.WS_NO_BUFFER_UTIL) return false;
  try {
    require('bufferutil');
    return true;
  } catch {
    return false;
  }
}
