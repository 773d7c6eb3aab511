import { accessSync, constants, existsSync, statSync } from 'node:fs';
import path from 'node:path';
import { InvalidArgumentError } from 'commander';

/** `90s`, `2m`, `1h30m` or plain seconds; 0 turns the budget off. */
export function parseDuration(value: string): number {
  const text = value.trim().toLowerCase();
  if (/^\d+(\.\d+)?$/.test(text)) return Number(text);
  const parts = [...text.matchAll(/(\d+(?:\.\d+)?)(h|m|s)/g)];
  if (parts.length === 0 || parts.map((part) => part[0]).join('') !== text) {
    throw new InvalidArgumentError('expected a duration such as 90s, 2m, 1h30m or a number of seconds');
  }
  const unit = { h: 3600, m: 60, s: 1 } as const;
  return parts.reduce((total, part) => total + Number(part[1]) * unit[part[2] as keyof typeof unit], 0);
}

/** `5%` or `0.05`: a relative half-width between 0 and 1. */
export function parseShare(value: string): number {
  const text = value.trim();
  const share = text.endsWith('%') ? Number(text.slice(0, -1)) / 100 : Number(text);
  if (!Number.isFinite(share) || share <= 0 || share >= 1) throw new InvalidArgumentError('expected a share such as 5% or 0.05');
  return share;
}

/** A folder the lab will write in, or create: the nearest part of the path that exists must be a folder it can write. */
function checkWritable(folder: string): void {
  let existing = path.resolve(folder);
  while (!existsSync(existing)) existing = path.dirname(existing);
  if (!statSync(existing).isDirectory()) throw new InvalidArgumentError(`${existing} is a file, not a folder: give a path under a folder`);
  try {
    accessSync(existing, constants.W_OK);
  } catch {
    throw new InvalidArgumentError(`cannot write in ${existing}: give a path in a folder you can write`);
  }
}

/**
 * A file to write, checked before anything is measured: not a folder, and in a folder that is one (or can be made
 * under one). A result that cannot be written at the end of a run stays in its journal, but the user learns it late.
 */
export function parseOutFile(value: string): string {
  if (value.endsWith(path.sep) || (existsSync(value) && statSync(value).isDirectory())) {
    throw new InvalidArgumentError(`${value} is a folder; give a file in it, e.g. ${path.join(value, 'result.json')}`);
  }
  checkWritable(path.dirname(value));
  return value;
}

/** A folder the lab writes its journal and results in, checked before anything is measured. */
export function parseWritableFolder(value: string): string {
  checkWritable(value);
  return value;
}
