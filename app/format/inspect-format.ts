// `inspect --format`: each inspected object through the template, one line
// each (Docker's -f, with its \t and \n escapes); without a format the JSON array Docker prints.
import { compileTemplate } from './template.js';
import { expandFormatEscapes } from './tabwriter.js';

export function renderInspect(format: string | undefined, objects: readonly unknown[]): string {
  if (format === undefined || format === '') return JSON.stringify(objects, null, 4) + '\n';
  if (format === 'json') return JSON.stringify(objects) + '\n';
  const template = compileTemplate(expandFormatEscapes(format));
  return objects.map((o) => template.execute(o) + '\n').join('');
}
