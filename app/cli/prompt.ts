// Questions on the terminal for login: a line with echo (the username), or
// without echo (the password), and all of stdin (--password-stdin).
import { UsageError, AbortedError } from '../../engine/errors.js';

type Input = NodeJS.ReadStream;

export async function promptLine(input: Input, output: NodeJS.WritableStream, question: string, echo: boolean): Promise<string> {
  if (!input.isTTY) throw new UsageError('Cannot perform an interactive login from a non TTY device', { hint: 'give -u and -p, or --password-stdin' });
  output.write(question);
  input.setRawMode(true);
  input.resume();
  input.setEncoding('utf8');
  try {
    return await new Promise<string>((resolve, reject) => {
      let text = '';
      const onData = (chunk: string) => {
        for (const ch of chunk) {
          if (ch === '\r' || ch === '\n') {
            input.off('data', onData);
            output.write('\n');
            resolve(text);
            return;
          }
          if (ch === '\u0003' || ch === '\u0004') {
            input.off('data', onData);
            output.write('\n');
            reject(new AbortedError());
            return;
          }
          if (ch === '\u007f' || ch === '\b') {
            if (text.length > 0) {
              text = text.slice(0, -1);
              if (echo) output.write('\b \b');
            }
            continue;
          }
          if (ch < ' ') continue;
          text += ch;
          if (echo) output.write(ch);
        }
      };
      input.on('data', onData);
    });
  } finally {
    input.setRawMode(false);
    input.pause();
  }
}

/** All of stdin, without the trailing newline (what `--password-stdin` reads). */
export async function readAllStdin(input: Input): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of input) chunks.push(Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk));
  return Buffer.concat(chunks).toString('utf8').replace(/\r?\n$/, '');
}

/**
 * Docker's "[y/N]" question before a prune: one line from stdin, a pipe or a
 * terminal in its normal line mode; anything but y/yes (or end of input) is no.
 */
export async function confirm(input: NodeJS.ReadableStream, output: NodeJS.WritableStream, warning: string): Promise<boolean> {
  output.write(`WARNING! ${warning}\nAre you sure you want to continue? [y/N] `);
  const line = await new Promise<string>((resolve) => {
    let text = '';
    const done = (): void => {
      input.off('data', onData);
      input.off('end', done);
      input.pause();
      resolve(text);
    };
    const onData = (chunk: Buffer | string): void => {
      text += chunk.toString();
      if (text.includes('\n')) {
        text = text.slice(0, text.indexOf('\n'));
        done();
      }
    };
    input.on('data', onData);
    input.once('end', done);
    input.resume();
  });
  return /^\s*y(es)?\s*$/i.test(line);
}
