// Pure formatting of history, info, version, system df/prune and ps extras.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ellipsis, historyFields, historyTable, rfc3339 } from '../../../app/format/history-format.js';
import { bytesSize } from '../../../app/format/info-format.js';
import { renderKeyValues } from '../../../app/format/key-values.js';
import { pruneWarning, reclaimableText } from '../../../app/cli/commands/system.js';
import { lastCount, sizeText } from '../../../app/cli/commands/ps-extras.js';
import { goArch, versionLines, versionObject } from '../../../app/cli/commands/version.js';
import { parseArgs } from '../../../app/cli/args.js';
import { psCommand } from '../../../app/cli/commands/ps.js';
import { UsageError } from '../../../engine/errors.js';
import type { HistoryRow } from '../../../engine/images/image-history.js';

const ID = 'sha256:' + 'ab'.repeat(32);
const row = (over: Partial<HistoryRow> = {}): HistoryRow => ({
  id: ID, created: '2024-01-01T00:00:00.123Z', createdBy: '/bin/sh -c #(nop)\tCMD ["sh"] and a long tail of arguments', size: 1234567, comment: 'c', tags: [], ...over,
});

test('ellipsis keeps 45 characters with "…" last, counting code points', () => {
  assert.equal(ellipsis('short', 45), 'short');
  assert.equal(ellipsis('x'.repeat(46), 45), 'x'.repeat(44) + '…');
  assert.equal([...ellipsis('é'.repeat(50), 45)].length, 45);
});

test('history fields: short ID, <missing> below, tabs as spaces, -H=false raw sizes and RFC 3339', () => {
  const now = Date.parse('2024-01-01T02:00:00Z');
  const f = historyFields(row(), { noTrunc: false, human: true, now });
  assert.equal(f.ID, 'ab'.repeat(6));
  assert.equal(f.CreatedSince, '2 hours ago');
  assert.equal(f.CreatedBy, '/bin/sh -c #(nop) CMD ["sh"] and a long tail…');
  assert.equal(f.Size, '1.23MB');
  assert.equal(f.CreatedAt, '2024-01-01T00:00:00Z');
  const raw = historyFields(row({ id: undefined }), { noTrunc: true, human: false, now });
  assert.equal(raw.ID, '<missing>');
  assert.equal(raw.Size, '1234567');
  assert.equal(raw.CreatedSince, '2024-01-01T00:00:00Z');
  assert.equal(raw.CreatedBy, '/bin/sh -c #(nop) CMD ["sh"] and a long tail of arguments');
  assert.equal(historyFields(row(), { noTrunc: true, human: true }).ID, ID);
  assert.equal(rfc3339(undefined), '');
  assert.deepEqual(historyTable([row()], { noTrunc: false, human: true }).header, ['IMAGE', 'CREATED', 'CREATED BY', 'SIZE', 'COMMENT']);
});

test('info sizes are go-units BytesSize (binary, 4 significant digits)', () => {
  assert.equal(bytesSize(25_276_760_064), '23.54GiB');
  assert.equal(bytesSize(512), '512B');
  assert.equal(bytesSize(1536), '1.5KiB');
});

test('key/value blocks align at column 20 at least, and wider when a key needs it', () => {
  const text = renderKeyValues(['A:', [1, 'Version', '1'], [1, 'A much longer key name', 'x'], '', 'B:', [2, 'K', 'v']]);
  assert.equal(text, 'A:\n Version:                1\n A much longer key name: x\n\nB:\n  K:                v\n');
});

test('version: Go architecture names, helper lines say setuid and whether it matches the build', () => {
  assert.equal(goArch('x64'), 'amd64');
  assert.equal(goArch('arm64'), 'arm64');
  const v = versionObject({ path: '/h', setuidRoot: true, mode: '4750', owner: 'root', group: 'tscontain', sha256: 'ff', buildPath: '/b', matchesBuild: false, error: undefined });
  const text = renderKeyValues(versionLines(v));
  assert.match(text, /^Client:\n Version: +\d/);
  assert.match(text, /^  Installed: +setuid root \(4750 root:tscontain\)$/m);
  assert.match(text, /^  Matches build: +no /m);
  const missing = versionObject({ path: undefined, setuidRoot: false, mode: '', owner: '', group: '', sha256: undefined, buildPath: undefined, matchesBuild: undefined, error: 'not installed' });
  assert.match(renderKeyValues(versionLines(missing)), /^  Installed: +no$/m);
  assert.equal(missing.Server.Helper.MatchesBuild, null);
});

test('system prune warning lists what goes, as Docker words it', () => {
  assert.equal(pruneWarning(false, false), 'This will remove:\n  - all stopped containers\n  - all networks not used by at least one container\n  - all dangling images\n');
  const all = pruneWarning(true, true);
  assert.match(all, /all anonymous volumes not used by at least one container/);
  assert.match(all, /all images without at least one container associated to them/);
});

test('system df RECLAIMABLE shows the share of the total, none when the total is 0', () => {
  assert.equal(reclaimableText({ type: 'Images', total: 2, active: 1, size: 4000, reclaimable: 1000 }), '1kB (25%)');
  assert.equal(reclaimableText({ type: 'Local Volumes', total: 0, active: 0, size: 0, reclaimable: 0 }), '0B');
});

test('ps -n/-l counts, bad numbers are usage errors, SIZE cells', () => {
  const parse = (...argv: string[]) => parseArgs('ps', argv, psCommand.flags);
  assert.equal(lastCount(parse()), undefined);
  assert.equal(lastCount(parse('-n', '3')), 3);
  assert.equal(lastCount(parse('-n=-1')), undefined);
  assert.equal(lastCount(parse('-l')), 1);
  assert.equal(lastCount(parse('--last', '0')), 0);
  assert.throws(() => lastCount(parse('-n', 'x')), (e: unknown) => e instanceof UsageError && /invalid argument "x" for "-n, --last"/.test(e.message));
  assert.equal(sizeText({ rw: 12, rootFs: 4_200_012 }), '12B (virtual 4.2MB)');
});
