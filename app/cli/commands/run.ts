import { createContainer } from '../../../engine/containers/create-container.js';
import { startContainer } from '../../../engine/containers/start-container.js';
import { flagBool } from '../args.js';
import { write, type Command } from '../command.js';
import { CREATE_FLAGS, createOptions } from './container-flags.js';
import { asRunFamily } from './container-cli.js';
import { autoRemove, runForeground } from './foreground.js';
import { loadInteractive } from './interactive-hooks.js';
import { PULL_FLAG, pullIfNeeded, pullPolicy } from './pull-missing.js';

export const runCommand: Command = {
  name: 'run',
  aliases: ['container run'],
  summary: 'Create and run a new container from an image',
  usage: 'tscontain run [OPTIONS] IMAGE [COMMAND] [ARG...]',
  flags: [{ long: 'detach', short: 'd', kind: 'bool', description: 'Run container in background and print container ID' }, ...CREATE_FLAGS, PULL_FLAG],
  stopAtOperand: true,
  needsRoot: true,
  async run(ctx, args) {
    const detach = flagBool(args, 'detach');
    const interactive = flagBool(args, 'tty') || flagBool(args, 'interactive');
    const { layout, record, hooks } = await asRunFamily(async () => {
      const opts = createOptions(args, ctx.signal);
      const { layout } = await ctx.engine();
      // Before creating anything: without the terminal library -it cannot work.
      const hooks = !detach && interactive ? await loadInteractive() : undefined;
      await pullIfNeeded(ctx, opts.image, pullPolicy(args));
      const { record, warnings } = await createContainer(layout, opts);
      for (const w of warnings) write(ctx.stderr, `WARNING: ${w}`);
      try {
        return { layout, record: await startContainer(layout, record, { signal: ctx.signal, waitAttach: !detach, onWarning: (w) => write(ctx.stderr, `WARNING: ${w}`) }), hooks };
      } catch (err) {
        await autoRemove(layout, record);
        throw err;
      }
    });
    if (detach) {
      write(ctx.stdout, record.config.id);
      return 0;
    }
    const code = await runForeground(ctx, layout, record, { interactive, stdin: flagBool(args, 'interactive'), hooks, logOffset: 0, attachHeld: true });
    if (code === undefined) return 0;
    await autoRemove(layout, record);
    return code;
  },
};
