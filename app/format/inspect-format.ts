// `inspect --format`: each inspected object through the template, one line
// each (Docker's -f, with its \t and \n escapes); without a format the JSON array Docker prints.
// `version`/`info --format`: the one object, as JSON or through the template.
import { compileTemplate } from './template.js';
import { expandFormatEscapes } from './tabwriter.js';

export function renderInspect(format: string | undefined, objects: readonly unknown[]): string {
  if (format === undefined || format === '') return JSON.stringify(objects, null, 4) + '\n';
  if (format === 'json') return JSON.stringify(objects) + '\n';
  const template = compileTemplate(expandFormatEscapes(format));
  return objects.map((o) => template.execute(o) + '\n').join('');
}

/** The output for `version`/`info -f FORMAT`; undefined without a format (the command's own layout). */
export function renderObject(format: string | undefined, object: unknown): string | undefined {
  if (format === undefined || format === '') return undefined;
  const text = format === 'json' ? JSON.stringify(object) : compileTemplate(expandFormatEscapes(format)).execute(object);
  return text.endsWith('\n') ? text : `${text}\n`;
}
