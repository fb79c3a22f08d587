// Container names: Docker's rule for what a user may choose, and Docker-style
// generated names (adjective_surname) when they choose none.
import { randomInt } from 'node:crypto';
import { UsageError } from '../errors.js';

export const NAME_PATTERN = /^[a-zA-Z0-9][a-zA-Z0-9_.-]+$/;

/** Accepts "web" or Docker's "/web"; returns the name without the slash. */
export function checkContainerName(input: string): string {
  const name = input.startsWith('/') ? input.slice(1) : input;
  if (!NAME_PATTERN.test(name)) {
    throw new UsageError(`invalid container name "${input}": only [a-zA-Z0-9][a-zA-Z0-9_.-] are allowed, at least 2 characters`, {
      fields: { name: input },
    });
  }
  return name;
}

const ADJECTIVES = [
  'admiring', 'agitated', 'amazing', 'angry', 'awesome', 'blissful', 'bold', 'brave', 'busy', 'charming',
  'clever', 'compassionate', 'confident', 'cool', 'dazzling', 'determined', 'eager', 'ecstatic', 'elegant',
  'epic', 'festive', 'focused', 'friendly', 'funny', 'gallant', 'gifted', 'happy', 'hopeful', 'jolly',
  'keen', 'kind', 'laughing', 'loving', 'lucid', 'magical', 'modest', 'nervous', 'nice', 'nifty',
  'optimistic', 'peaceful', 'pensive', 'practical', 'quirky', 'relaxed', 'serene', 'sharp', 'sleepy',
  'stoic', 'sweet', 'tender', 'trusting', 'upbeat', 'vibrant', 'wizardly', 'youthful', 'zealous',
];

const SURNAMES = [
  'agnesi', 'albattani', 'allen', 'babbage', 'bardeen', 'bell', 'bohr', 'boole', 'brahmagupta', 'cannon',
  'carson', 'curie', 'darwin', 'dijkstra', 'einstein', 'euclid', 'euler', 'faraday', 'fermat', 'feynman',
  'franklin', 'galileo', 'gauss', 'goldberg', 'hamilton', 'hawking', 'heisenberg', 'hodgkin', 'hopper',
  'hypatia', 'johnson', 'kalam', 'kepler', 'knuth', 'lamarr', 'leakey', 'lovelace', 'mayer', 'mcclintock',
  'meitner', 'mirzakhani', 'newton', 'noether', 'pascal', 'ritchie', 'shannon', 'sinoussi', 'tesla',
  'thompson', 'torvalds', 'turing', 'wilson', 'wing', 'yalow',
];

function pick(list: readonly string[]): string {
  return list[randomInt(list.length)]!;
}

/** A name not in `taken`; after a few clashes a digit is appended, as Docker does. */
export function generateName(taken: ReadonlySet<string>): string {
  for (let attempt = 0; ; attempt++) {
    let name = `${pick(ADJECTIVES)}_${pick(SURNAMES)}`;
    if (attempt >= 5) name += String(randomInt(10));
    if (!taken.has(name)) return name;
  }
}
