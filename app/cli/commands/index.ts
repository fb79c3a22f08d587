// Every CLI command, loaded on demand: a command imports only its own
// modules, so `tscontain ps` does not pay for the registry client and
// `tscontain pull` not for the container engine. The dashboard is not here
// at all. The words each command answers to are listed here and checked
// against the modules by a test.
import type { Command } from '../command.js';

interface CommandEntry {
  words: string[];
  load: () => Promise<Command>;
}

export const commandTable: CommandEntry[] = [
  { words: ['pull', 'image pull'], load: async () => (await import('./pull.js')).pullCommand },
  { words: ['images', 'image ls', 'image list'], load: async () => (await import('./images.js')).imagesCommand },
  { words: ['rmi', 'image rm', 'image remove'], load: async () => (await import('./rmi.js')).rmiCommand },
  { words: ['tag', 'image tag'], load: async () => (await import('./tag.js')).tagCommand },
  { words: ['push', 'image push'], load: async () => (await import('./push.js')).pushCommand },
  { words: ['login'], load: async () => (await import('./login.js')).loginCommand },
  { words: ['logout'], load: async () => (await import('./logout.js')).logoutCommand },
  { words: ['image inspect'], load: async () => (await import('./image-inspect.js')).imageInspectCommand },
  { words: ['run', 'container run'], load: async () => (await import('./run.js')).runCommand },
  { words: ['create', 'container create'], load: async () => (await import('./create.js')).createCommand },
  { words: ['start', 'container start'], load: async () => (await import('./start.js')).startCommand },
  { words: ['ps', 'container ls', 'container list', 'container ps'], load: async () => (await import('./ps.js')).psCommand },
  { words: ['stop', 'container stop'], load: async () => (await import('./stop.js')).stopCommand },
  { words: ['restart', 'container restart'], load: async () => (await import('./stop.js')).restartCommand },
  { words: ['kill', 'container kill'], load: async () => (await import('./kill.js')).killCommand },
  { words: ['pause', 'container pause'], load: async () => (await import('./pause.js')).pauseCommand },
  { words: ['unpause', 'container unpause'], load: async () => (await import('./pause.js')).unpauseCommand },
  { words: ['rm', 'container rm', 'container remove'], load: async () => (await import('./rm.js')).rmCommand },
  { words: ['wait', 'container wait'], load: async () => (await import('./wait.js')).waitCommand },
  { words: ['logs', 'container logs'], load: async () => (await import('./logs.js')).logsCommand },
  { words: ['inspect', 'container inspect'], load: async () => (await import('./container-inspect.js')).inspectCommand },
  { words: ['rename', 'container rename'], load: async () => (await import('./rename.js')).renameCommand },
  { words: ['container prune'], load: async () => (await import('./container-prune.js')).containerPruneCommand },
  { words: ['top', 'container top'], load: async () => (await import('./top.js')).topCommand },
  { words: ['stats', 'container stats'], load: async () => (await import('./stats.js')).statsCommand },
  { words: ['exec', 'container exec'], load: async () => (await import('./exec.js')).execCliCommand },
  { words: ['attach', 'container attach'], load: async () => (await import('./attach.js')).attachCommand },
  { words: ['port', 'container port'], load: async () => (await import('./port.js')).portCommand },
  { words: ['network create'], load: async () => (await import('./network.js')).networkCreateCommand },
  { words: ['network ls', 'network list'], load: async () => (await import('./network.js')).networkLsCommand },
  { words: ['network rm', 'network remove'], load: async () => (await import('./network.js')).networkRmCommand },
  { words: ['network inspect'], load: async () => (await import('./network.js')).networkInspectCommand },
  { words: ['network connect'], load: async () => (await import('./network.js')).networkConnectCommand },
  { words: ['network disconnect'], load: async () => (await import('./network.js')).networkDisconnectCommand },
  { words: ['network prune'], load: async () => (await import('./network.js')).networkPruneCommand },
  { words: ['commit', 'container commit'], load: async () => (await import('./commit.js')).commitCommand },
  { words: ['export', 'container export'], load: async () => (await import('./export.js')).exportCommand },
  { words: ['import', 'image import'], load: async () => (await import('./import.js')).importCommand },
  { words: ['save', 'image save'], load: async () => (await import('./save.js')).saveCommand },
  { words: ['load', 'image load'], load: async () => (await import('./load.js')).loadCommand },
  { words: ['volume create'], load: async () => (await import('./volume.js')).volumeCreateCommand },
  { words: ['volume ls', 'volume list'], load: async () => (await import('./volume.js')).volumeLsCommand },
  { words: ['volume rm', 'volume remove'], load: async () => (await import('./volume.js')).volumeRmCommand },
  { words: ['volume inspect'], load: async () => (await import('./volume.js')).volumeInspectCommand },
  { words: ['volume prune'], load: async () => (await import('./volume.js')).volumePruneCommand },
  { words: ['version'], load: async () => (await import('./version.js')).versionCommand },
  { words: ['info', 'system info'], load: async () => (await import('./info.js')).infoCommand },
  { words: ['history', 'image history'], load: async () => (await import('./history.js')).historyCommand },
  { words: ['system prune'], load: async () => (await import('./system.js')).systemPruneCommand },
  { words: ['system df'], load: async () => (await import('./system.js')).systemDfCommand },
];

/** All commands, for the main help text. */
export async function loadAllCommands(): Promise<Command[]> {
  return Promise.all(commandTable.map((entry) => entry.load()));
}

/** Finds the command named by the first two words of argv, or else the first. */
export async function findCommand(argv: readonly string[]): Promise<{ command: Command; rest: string[] } | undefined> {
  const two = argv.slice(0, 2).join(' ');
  const byTwo = commandTable.find((entry) => entry.words.includes(two));
  if (byTwo) return { command: await byTwo.load(), rest: argv.slice(2) };
  const byOne = commandTable.find((entry) => entry.words.includes(argv[0] ?? ''));
  if (byOne) return { command: await byOne.load(), rest: argv.slice(1) };
  return undefined;
}
