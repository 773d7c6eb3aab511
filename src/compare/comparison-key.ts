import type { BackendKind } from '../backends/types.js';
import type { CaseResult, Comparison } from '../result/types.js';
import type { CaseParams } from '../workloads/types.js';

/**
 * One side of a comparison: a backend, its variant when it has more than
 * the default, and, where one option of a parameter is compared with
 * another on the same backend (typeorm against pg), that option.
 */
export interface Side {
  readonly kind: BackendKind;
  readonly variant?: string;
  readonly option?: string;
}

/** What a comparison compares: one point of a workload, one metric, side `a` against side `b`. */
export interface ComparisonKey {
  readonly workload: string;
  readonly params: CaseParams;
  readonly metric: string;
  readonly a: Side;
  readonly b: Side;
}

/** The side a case ran on (its backend and variant). */
export function sideOf(result: Pick<CaseResult, 'backend' | 'variant'>): Side {
  return result.variant === 'default' ? { kind: result.backend as BackendKind } : { kind: result.backend as BackendKind, variant: result.variant };
}

/**
 * A side as result files store it and reports show it: `threads`,
 * `processes:advanced`, `threads typeorm`.
 */
export function formatSide(side: Side): string {
  const backend = side.variant === undefined ? side.kind : `${side.kind}:${side.variant}`;
  return side.option === undefined ? backend : `${backend} ${side.option}`;
}

/** A case's side label: `threads`, `processes:json`. */
export function sideLabel(result: Pick<CaseResult, 'backend' | 'variant'>): string {
  return formatSide(sideOf(result));
}

/** Reads back a side written by `formatSide` (result files of any age: a `default` variant is the backend alone). */
export function readSide(text: string): Side {
  const space = text.indexOf(' ');
  const backend = space < 0 ? text : text.slice(0, space);
  const colon = backend.indexOf(':');
  const kind = (colon < 0 ? backend : backend.slice(0, colon)) as BackendKind;
  const variant = colon < 0 ? undefined : backend.slice(colon + 1);
  return {
    kind,
    ...(variant !== undefined && variant !== 'default' ? { variant } : {}),
    ...(space < 0 ? {} : { option: text.slice(space + 1) }),
  };
}

/** The side without the option of a parameter pair: the backend it ran on. */
export function backendOf(side: Side): Side {
  return side.variant === undefined ? { kind: side.kind } : { kind: side.kind, variant: side.variant };
}

/** How a side is named beside `threads / processes`: a processes side by its variant alone (`advanced`). */
export function shortSide(side: Side): string {
  return side.kind === 'processes' && side.variant !== undefined && side.option === undefined ? side.variant : formatSide(side);
}

/** The pair for display: `threads / processes:advanced`. */
export function formatPair(a: Side, b: Side): string {
  return `${formatSide(a)} / ${formatSide(b)}`;
}

/** The key's fields as a result file stores them (`lab.result/1`: sides as strings). */
export function keyFields(key: ComparisonKey): Pick<Comparison, 'workload' | 'params' | 'metric' | 'a' | 'b'> {
  return { workload: key.workload, params: key.params, metric: key.metric, a: formatSide(key.a), b: formatSide(key.b) };
}

/** The key of a comparison read from a result file. */
export function keyOf(comparison: Pick<Comparison, 'workload' | 'params' | 'metric' | 'a' | 'b'>): ComparisonKey {
  return { workload: comparison.workload, params: comparison.params, metric: comparison.metric, a: readSide(comparison.a), b: readSide(comparison.b) };
}

/** One string per key, equal for equal keys: for maps and lookups. */
export function keyId(key: ComparisonKey): string {
  return JSON.stringify([key.workload, key.params, key.metric, formatSide(key.a), formatSide(key.b)]);
}
