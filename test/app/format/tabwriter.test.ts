// Docker's --format: `\t`/`\n` escapes, and "table" alignment by Go's tabwriter
// (minwidth 10, padding 3), including the inspect -f escapes.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { expandFormatEscapes, tabwrite } from '../../../app/format/tabwriter.js';
import { renderList } from '../../../app/format/list-format.js';
import { renderInspect } from '../../../app/format/inspect-format.js';

const spec = {
  fields: (r: { id: string; name: string }) => ({ ID: r.id, Names: r.name }),
  headers: { ID: 'CONTAINER ID', Names: 'NAMES' },
  table: (list: readonly { id: string; name: string }[]) => ({ header: ['ID'], cells: list.map((r) => [r.id]) }),
};
const rows = [{ id: 'a1', name: 'web' }, { id: 'b2', name: 'db-long-name' }];

test('the two characters \\t and \\n become a tab and a newline', () => {
  assert.equal(expandFormatEscapes('{{.ID}}\\t{{.Names}}\\n'), '{{.ID}}\t{{.Names}}\n');
  assert.equal(expandFormatEscapes('a\\\\b \\x'), 'a\\\\b \\x');
  assert.equal(renderList('{{.ID}}\\t{{.Names}}', rows, spec), 'a1\tweb\nb2\tdb-long-name\n');
  assert.equal(renderList('{{.ID}}\\n{{.Names}}', rows.slice(0, 1), spec), 'a1\nweb\n');
});

test('table templates with typed \\t are aligned like real tabs', () => {
  const expected = 'CONTAINER ID   NAMES\na1             web\nb2             db-long-name\n';
  assert.equal(renderList('table {{.ID}}\\t{{.Names}}', rows, spec), expected);
  assert.equal(renderList('table {{.ID}}\t{{.Names}}', rows, spec), expected);
});

test('tabwriter: columns at least 10 wide, 3 spaces padding, last cell unpadded', () => {
  assert.equal(tabwrite('NAMES\tIMAGE\nweb\tbusybox\n'), 'NAMES     IMAGE\nweb       busybox\n');
  assert.equal(tabwrite('a-very-long-name\tx\tlast\nb\tyy\tz\n'), 'a-very-long-name   x         last\nb                  yy        z\n');
  // A trailing tab makes the last column a cell too: it is padded.
  assert.equal(tabwrite('ab\t\ncd\t\n'), 'ab        \ncd        \n');
});

test('tabwriter: a line without the column ends the column block', () => {
  assert.equal(
    tabwrite('aaaaaaaaaaaaaaa\tx\nno tabs here\nb\ty\n'),
    'aaaaaaaaaaaaaaa   x\nno tabs here\nb         y\n',
  );
  assert.equal(tabwrite(''), '');
  assert.equal(tabwrite('ünïcode\tx\nab\ty\n'), 'ünïcode   x\nab        y\n');
});

test('inspect -f expands the same escapes', () => {
  assert.equal(renderInspect('{{.A}}\\t{{.B}}', [{ A: 1, B: 2 }, { A: 3, B: 4 }]), '1\t2\n3\t4\n');
  assert.equal(renderInspect('{{.A}}\\n{{.B}}', [{ A: 1, B: 2 }]), '1\n2\n');
});
