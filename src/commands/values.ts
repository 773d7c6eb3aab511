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
