import { appendFileSync, existsSync, mkdirSync, renameSync, truncateSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { UserError } from '../errors.js';
import type { CaseResult, PointRecord, RunResult } from './types.js';

/**
 * Streams a run to disk: `<dir>/<runId>.jsonl` gets a header line at once and
 * every case as soon as it finishes, so an interrupted run keeps what it
 * measured. The complete result is written at the end.
 */
export class ResultWriter {
  readonly journalPath: string;

  constructor(
    readonly directory: string,
    readonly runId: string,
  ) {
    mkdirSync(directory, { recursive: true });
    this.journalPath = path.join(directory, `${runId}.jsonl`);
  }

  begin(header: Omit<RunResult, 'cases' | 'comparisons'>): void {
    writeFileSync(this.journalPath, `${JSON.stringify({ type: 'run', ...header })}\n`);
  }

  append(result: CaseResult): void {
    appendFileSync(this.journalPath, `${JSON.stringify({ type: 'case', ...result })}\n`);
  }

  /** How a point was sampled, after its cases: what `lab resume` needs to leave a finished point alone. */
  appendPoint(record: PointRecord): void {
    appendFileSync(this.journalPath, `${JSON.stringify({ type: 'point', ...record })}\n`);
  }

  /** Resuming: a torn last line is cut off, so what follows starts on a line of its own. */
  truncateTo(bytes: number): void {
    truncateSync(this.journalPath, bytes);
  }

  /**
   * Writes the whole result atomically (temporary file, then rename). When it cannot be written, the error says
   * where every measured case already is and how to write the result from there.
   */
  finish(result: RunResult, outPath?: string): string {
    const target = outPath ?? path.join(this.directory, `${this.runId}.json`);
    try {
      mkdirSync(path.dirname(path.resolve(target)), { recursive: true });
      const temporary = `${target}.partial`;
      writeFileSync(temporary, `${JSON.stringify(result, null, 2)}\n`);
      renameSync(temporary, target);
    } catch (error) {
      throw new UserError(
        `could not write the result to ${target} (${(error as NodeJS.ErrnoException).code ?? (error as Error).message}); every measured case is in ${this.journalPath}: \`lab resume ${this.journalPath} --out FILE\` writes it`,
        { cause: error },
      );
    }
    return target;
  }
}

/** `quick-20261123-071502`, unique within the directory. */
export function newRunId(scenario: string, directory: string, now = new Date()): string {
  const stamp = now.toISOString().replace(/[-:]/g, '').replace('T', '-').slice(0, 15);
  let id = `${scenario}-${stamp}`;
  for (let n = 2; existsSync(path.join(directory, `${id}.jsonl`)); n++) id = `${scenario}-${stamp}-${n}`;
  return id;
}
