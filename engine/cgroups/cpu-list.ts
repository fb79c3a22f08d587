// The kernel's CPU list syntax ("0-2,4", as in cpuset.cpus and
// /sys/devices/system/cpu/online), parsed and printed canonically.

/** Sorted, de-duplicated CPU numbers, or undefined when the syntax is wrong. */
export function parseCpuList(text: string): number[] | undefined {
  const cpus = new Set<number>();
  const trimmed = text.trim();
  if (trimmed === '') return [];
  for (const part of trimmed.split(',')) {
    const m = /^(\d+)(?:-(\d+))?$/.exec(part.trim());
    if (!m) return undefined;
    const first = Number(m[1]);
    const last = m[2] === undefined ? first : Number(m[2]);
    // 4096 is far above any real CPU count and keeps a typo like 0-99999999 cheap.
    if (last < first || last > 4096) return undefined;
    for (let cpu = first; cpu <= last; cpu++) cpus.add(cpu);
  }
  return [...cpus].sort((a, b) => a - b);
}

/** [0,1,2,4] -> "0-2,4". */
export function formatCpuList(cpus: readonly number[]): string {
  const parts: string[] = [];
  let i = 0;
  while (i < cpus.length) {
    const first = cpus[i]!;
    let last = first;
    while (i + 1 < cpus.length && cpus[i + 1] === last + 1) last = cpus[++i]!;
    parts.push(first === last ? String(first) : `${first}-${last}`);
    i++;
  }
  return parts.join(',');
}
