import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseArgs, type FlagSpec } from '../../../app/cli/args.js';
import { UsageError } from '../../../engine/errors.js';

const specs: FlagSpec[] = [
  { long: 'interactive', short: 'i', kind: 'bool', description: '' },
  { long: 'tty', short: 't', kind: 'bool', description: '' },
  { long: 'env', short: 'e', kind: 'list', description: '' },
  { long: 'name', kind: 'string', description: '' },
  { long: 'detach', short: 'd', kind: 'bool', description: '' },
];

test('bundled short flags, attached and separate values, repeats', () => {
  const args = parseArgs('run', ['-it', '-eA=1', '-e', 'B=2', '--name=web', '--env', 'C=3', 'alpine'], specs);
  assert.equal(args.flags.interactive, true);
  assert.equal(args.flags.tty, true);
  assert.deepEqual(args.flags.env, ['A=1', 'B=2', 'C=3']);
  assert.equal(args.flags.name, 'web');
  assert.deepEqual(args.operands, ['alpine']);
});

test('stopping at the first operand leaves the program its own flags', () => {
  const args = parseArgs('run', ['-d', 'alpine', 'sh', '-c', 'echo -e hi'], specs, true);
  assert.equal(args.flags.detach, true);
  assert.deepEqual(args.operands, ['alpine', 'sh', '-c', 'echo -e hi']);
});

test('-- ends the flags', () => {
  assert.deepEqual(parseArgs('x', ['--', '-d'], specs).operands, ['-d']);
});

const bad: [string[], RegExp][] = [
  [['--nope'], /unknown flag: --nope/],
  [['-x'], /unknown shorthand flag: 'x'/],
  [['--name'], /flag needs an argument: --name/],
  [['-e'], /flag needs an argument: 'e'/],
  [['--tty=maybe'], /invalid value "maybe" for --tty/],
];
for (const [argv, pattern] of bad) {
  test(`bad usage is one clear error: ${argv.join(' ')}`, () => {
    assert.throws(() => parseArgs('run', argv, specs), (err: unknown) => {
      assert.ok(err instanceof UsageError);
      assert.match(err.userLine(), pattern);
      assert.match(err.userLine(), /see 'tscontain run --help'/);
      return true;
    });
  });
}

test('a boolean takes a value only after "=", short or long (commit -p=false)', () => {
  const args = parseArgs('commit', ['-d=false', '-i=true', '--tty=false', 'c'], specs);
  assert.equal(args.flags.detach, false);
  assert.equal(args.flags.interactive, true);
  assert.equal(args.flags.tty, false);
  assert.deepEqual(args.operands, ['c']);
  assert.throws(() => parseArgs('commit', ['-d=maybe'], specs), (err: unknown) => err instanceof UsageError && /invalid value "maybe" for -d/.test(err.message));
});
