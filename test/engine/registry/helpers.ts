// Shared bits of the registry client tests: a client with a recording,
// instant sleep, and collecting a blob stream.
import { RegistryClient, type RegistryClientOptions } from '../../../engine/registry/client.js';
import { AbortedError } from '../../../engine/errors.js';
import type { RegistryConfig, RetryInfo } from '../../../engine/registry/config.js';

export interface TestClient {
  client: RegistryClient;
  /** Every sleep the client asked for, in ms. */
  sleeps: number[];
}

export function testClient(opts: Partial<Omit<RegistryClientOptions, 'config'>> & { config?: Partial<RegistryConfig> } = {}): TestClient {
  const sleeps: number[] = [];
  const client = new RegistryClient({
    ...opts,
    config: { mirrors: [], insecureRegistries: [], ...opts.config },
    sleep: opts.sleep ?? (async (ms, signal) => {
      sleeps.push(ms);
      if (signal?.aborted) throw new AbortedError({ cause: signal.reason });
    }),
    random: opts.random ?? (() => 0.5),
  });
  return { client, sleeps };
}

export async function collect(stream: AsyncIterable<Uint8Array>, onChunk?: (total: number) => void): Promise<Buffer> {
  const chunks: Buffer[] = [];
  let total = 0;
  for await (const chunk of stream) {
    chunks.push(Buffer.from(chunk));
    total += chunk.length;
    onChunk?.(total);
  }
  return Buffer.concat(chunks);
}

/** Runs `fn`, returning what it threw (fails the test if it did not throw). */
export async function failure(fn: () => Promise<unknown>): Promise<Error> {
  try {
    await fn();
  } catch (err) {
    return err as Error;
  }
  throw new Error('expected a failure, but it succeeded');
}

export function retryLog(): { infos: RetryInfo[]; onRetry: (info: RetryInfo) => void } {
  const infos: RetryInfo[] = [];
  return { infos, onRetry: (info) => infos.push(info) };
}
