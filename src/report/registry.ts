import { Errors } from '../errors.js';
import { consoleReporter } from './console.js';
import { csvReporter } from './csv.js';
import { htmlReporter } from './html.js';
import { jsonReporter } from './json.js';
import { markdownReporter } from './markdown.js';
import type { Reporter } from './types.js';

/** Every output format by name; a new format is one file and one line here. */
export const reporters: Readonly<Record<string, Reporter>> = Object.fromEntries(
  [consoleReporter, markdownReporter, csvReporter, jsonReporter, htmlReporter].map((reporter) => [reporter.name, reporter]),
);

export function findReporter(name: string): Reporter {
  const reporter = reporters[name];
  if (!reporter) throw Errors.user(`unknown format "${name}"; use one of: ${Object.keys(reporters).join(', ')}`);
  return reporter;
}

/** The format a file name implies (`report.html` → html), or undefined. */
export function formatForPath(file: string): string | undefined {
  const extension = file.split('.').pop()?.toLowerCase();
  const byExtension: Record<string, string> = { html: 'html', htm: 'html', md: 'markdown', csv: 'csv', json: 'json', txt: 'console' };
  return extension ? byExtension[extension] : undefined;
}
