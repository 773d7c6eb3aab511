import { readFileSync } from 'node:fs';
import type { z } from 'zod';
import { Errors } from '../errors.js';

/** A zod failure as one line: where in the file, and what was wrong. */
export function describeIssue(error: z.ZodError): string {
  const issue = error.issues[0]!;
  const path = issue.path.map((part) => (typeof part === 'number' ? `[${part}]` : `.${part}`)).join('').replace(/^\./, '');
  return `${path || 'top level'}: ${issue.message}`;
}

/** Reads a JSON file a user named; any failure is a one-line UserError that says which file and what (`what` names its kind). */
export function readJsonFile(file: string, what: string): unknown {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    throw Errors.user(`cannot read ${what} ${file} (${(error as NodeJS.ErrnoException).code ?? (error as Error).message})`);
  }
  try {
    return JSON.parse(text);
  } catch (error) {
    throw Errors.user(`${what} ${file} is not valid JSON (${(error as Error).message}); fix the file and run again`);
  }
}

/** Validates parsed input against its schema, into the fully-resolved object the rest of the lab trusts. */
export function validate<T extends z.ZodTypeAny>(raw: unknown, schema: T, file: string, what: string): z.output<T> {
  const parsed = schema.safeParse(raw);
  if (!parsed.success) throw Errors.user(`${what} ${file} is malformed at ${describeIssue(parsed.error)}`);
  return parsed.data;
}

export function readValidatedJson<T extends z.ZodTypeAny>(file: string, schema: T, what: string): z.output<T> {
  return validate(readJsonFile(file, what), schema, file, what);
}
