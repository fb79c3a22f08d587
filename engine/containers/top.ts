// `top`: ps -ef style rows for the processes of a container's cgroup, read
// straight from /proc (host pids, as Docker shows them).
import { readFile } from 'node:fs/promises';
import { clockTicks } from './proc-clock.js';

export interface TopResult {
  titles: string[];
  processes: string[][];
}

interface ProcInfo { ppid: number; utime: number; stime: number; start: number; ttyNr: number; comm: string }

function parseStat(text: string): ProcInfo {
  const comm = text.slice(text.indexOf('(') + 1, text.lastIndexOf(')'));
  const f = text.slice(text.lastIndexOf(')') + 2).split(' ');
  return { ppid: Number(f[1]), ttyNr: Number(f[4]), utime: Number(f[11]), stime: Number(f[12]), start: Number(f[19]), comm };
}

function userName(uid: number, passwd: string): string {
  const line = passwd.split('\n').find((l) => l.split(':')[2] === String(uid));
  return line ? line.split(':')[0]! : String(uid);
}

function tty(nr: number): string {
  if (nr === 0) return '?';
  const major = (nr >> 8) & 0xfff;
  const minor = (nr & 0xff) | ((nr >> 12) & 0xfff00);
  return major === 136 ? `pts/${minor}` : major === 4 ? `tty${minor}` : '?';
}

function cpuTime(seconds: number): string {
  const h = Math.floor(seconds / 3600);
  const m = Math.floor((seconds % 3600) / 60);
  const s = Math.floor(seconds % 60);
  return [h, m, s].map((n) => String(n).padStart(2, '0')).join(':');
}

export async function topProcesses(pids: readonly number[]): Promise<TopResult> {
  const { hz, bootMs } = await clockTicks();
  const passwd = await readFile('/etc/passwd', 'utf8').catch(() => '');
  const now = Date.now();
  const rows: string[][] = [];
  for (const pid of [...pids].sort((a, b) => a - b)) {
    try {
      const [stat, status, cmdline] = await Promise.all([
        readFile(`/proc/${pid}/stat`, 'utf8'),
        readFile(`/proc/${pid}/status`, 'utf8'),
        readFile(`/proc/${pid}/cmdline`, 'utf8'),
      ]);
      const info = parseStat(stat);
      const uid = Number(/^Uid:\s+(\d+)/m.exec(status)?.[1] ?? 0);
      const startMs = bootMs + (info.start / hz) * 1000;
      const cpuSec = (info.utime + info.stime) / hz;
      const elapsedSec = Math.max(1, (now - startMs) / 1000);
      const started = new Date(startMs);
      const stime = now - startMs < 86_400_000
        ? `${String(started.getHours()).padStart(2, '0')}:${String(started.getMinutes()).padStart(2, '0')}`
        : started.toDateString().slice(4, 10);
      const cmd = cmdline.split('\0').filter(Boolean).join(' ') || `[${info.comm}]`;
      rows.push([userName(uid, passwd), String(pid), String(info.ppid), String(Math.floor((cpuSec / elapsedSec) * 100)),
        stime, tty(info.ttyNr), cpuTime(cpuSec), cmd]);
    } catch { /* exited while we read */ }
  }
  return { titles: ['UID', 'PID', 'PPID', 'C', 'STIME', 'TTY', 'TIME', 'CMD'], processes: rows };
}
