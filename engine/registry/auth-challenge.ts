// WWW-Authenticate parsing (RFC 7235): one or more challenges, each a scheme
// followed by comma-separated `name=value` or `name="quoted value"` params.
//   Bearer realm="https://auth.docker.io/token",service="registry.docker.io",
//          scope="repository:library/alpine:pull",error="insufficient_scope"

export interface Challenge {
  /** Lowercased: 'bearer', 'basic'. */
  scheme: string;
  /** Parameter names lowercased. */
  params: Record<string, string>;
}

export function parseChallenges(header: string | undefined): Challenge[] {
  if (!header) return [];
  const challenges: Challenge[] = [];
  let i = 0;
  const n = header.length;
  const skipSpace = () => {
    while (i < n && /[\s,]/.test(header[i]!)) i++;
  };
  const token = (): string => {
    const start = i;
    while (i < n && /[!#$%&'*+\-.^_`|~0-9A-Za-z]/.test(header[i]!)) i++;
    return header.slice(start, i);
  };
  while (i < n) {
    skipSpace();
    const scheme = token();
    if (!scheme) {
      i++; // junk: skip a character and try again
      continue;
    }
    const challenge: Challenge = { scheme: scheme.toLowerCase(), params: {} };
    challenges.push(challenge);
    for (;;) {
      skipSpace();
      const save = i;
      const name = token();
      while (i < n && header[i] === ' ') i++;
      if (!name || header[i] !== '=') {
        i = save; // not a parameter: the next challenge starts here
        break;
      }
      i++;
      while (i < n && header[i] === ' ') i++;
      challenge.params[name.toLowerCase()] = header[i] === '"' ? quoted() : token68();
    }
    if (i === n) break;
  }
  return challenges;

  function quoted(): string {
    let out = '';
    i++; // opening quote
    while (i < n && header![i] !== '"') {
      if (header![i] === '\\' && i + 1 < n) i++;
      out += header![i++];
    }
    i++; // closing quote
    return out;
  }
  function token68(): string {
    const start = i;
    while (i < n && !/[\s,]/.test(header![i]!)) i++;
    return header!.slice(start, i);
  }
}

/** The first challenge of a scheme we implement, Bearer preferred. */
export function pickChallenge(challenges: Challenge[]): Challenge | undefined {
  return challenges.find((c) => c.scheme === 'bearer') ?? challenges.find((c) => c.scheme === 'basic');
}
