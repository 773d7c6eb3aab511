import { readFileSync } from 'node:fs';
import { Errors, messageOf } from '../errors.js';
import { RESULT_SCHEMA, type CaseResult, type PointRecord, type RunResult } from './types.js';

/** What a journal holds: the run's header, every finished case and point (a later line for an id supersedes an earlier one). */
export interface Journal {
  header: Omit<RunResult, 'cases' | 'comparisons'>;
  cases: CaseResult[];
  points: PointRecord[];
  /** A last line cut short (the lab was killed while writing it): dropped, never read. */
  tornLine: boolean;
  /** Bytes of whole lines: where appending may continue. */
  wholeBytes: number;
}

/**
 * Reads `<run>.jsonl`. Every line the lab writes ends with a newline, and is
 * appended whole; a last line without one was being written when the lab
 * stopped, so it is dropped even if it happens to parse. A line before the
 * last that is not JSON means the file is damaged: that is an error, never a
 * guess.
 */
export function readJournal(file: string): Journal {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    throw Errors.user(`cannot read journal ${file}: ${messageOf(error)}`);
  }
  const lines = text.split('\n');
  const last = lines.pop()!;
  const tornLine = last.length > 0;
  const records = lines.map((line, index) => {
    try {
      return JSON.parse(line) as { type?: string; schema?: string; id?: string };
    } catch {
      throw Errors.user(`journal ${file} is damaged at line ${index + 1} (not JSON); it cannot be resumed`);
    }
  });
  const header = records[0];
  if (!header || header.type !== 'run' || header.schema !== RESULT_SCHEMA) {
    throw Errors.user(`${file} is not a lab journal (its first line is not a ${RESULT_SCHEMA} run header)`);
  }
  const cases = new Map<string, CaseResult>();
  const points = new Map<string, PointRecord>();
  for (const record of records.slice(1)) {
    const { type, ...rest } = record;
    if (type === 'case') cases.set(rest.id!, rest as unknown as CaseResult);
    else if (type === 'point') points.set(rest.id!, rest as unknown as PointRecord);
  }
  const { type: _type, ...fields } = header;
  const wholeBytes = Buffer.byteLength(text) - Buffer.byteLength(last);
  return { header: fields as unknown as Journal['header'], cases: [...cases.values()], points: [...points.values()], tornLine, wholeBytes };
}
