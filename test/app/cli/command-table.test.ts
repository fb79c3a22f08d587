import { test } from 'node:test';
import assert from 'node:assert/strict';
import { commandTable } from '../../../app/cli/commands/index.js';

test('the lazy command table names exactly what each command module answers to', async () => {
  for (const entry of commandTable) {
    const command = await entry.load();
    assert.deepEqual(entry.words, [command.name, ...(command.aliases ?? [])], command.name);
  }
  const words = commandTable.flatMap((e) => e.words);
  assert.equal(new Set(words).size, words.length, 'a word names two commands');
});
