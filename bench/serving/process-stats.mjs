/**
 * Memory and CPU of a server's whole process tree (gunicorn's master and workers, or one
 * Node process), read from /proc: RSS, PSS (shared pages split between the processes that
 * share them, fair to forked workers) and CPU seconds (user + system).
 */
import { readFileSync, readdirSync } from 'node:fs';

const TICKS_PER_SECOND = 100; // USER_HZ on Linux

function childrenOf(pid) {
  try {
    return readdirSync(`/proc/${pid}/task`).flatMap((tid) => {
      try {
        return readFileSync(`/proc/${pid}/task/${tid}/children`, 'utf8').trim().split(/\s+/).filter(Boolean).map(Number);
      } catch {
        return [];
      }
    });
  } catch {
    return [];
  }
}

export function processTree(pid) {
  const out = [pid];
  for (let i = 0; i < out.length; i++) out.push(...childrenOf(out[i]));
  return out;
}

function readKb(path, field) {
  const match = new RegExp(`^${field}:\\s+(\\d+) kB`, 'm').exec(readFileSync(path, 'utf8'));
  return match ? Number(match[1]) : 0;
}

/** { rssMb, pssMb, cpuSeconds, perProcessRssMb } summed over the tree of `pid`. */
export function treeStats(pid) {
  let rss = 0;
  let pss = 0;
  let ticks = 0;
  const perProcess = [];
  for (const p of processTree(pid)) {
    try {
      const r = readKb(`/proc/${p}/status`, 'VmRSS');
      rss += r;
      perProcess.push(Math.round(r / 1024));
      pss += readKb(`/proc/${p}/smaps_rollup`, 'Pss');
      // Fields after the command name (which may contain spaces): utime is the 14th field overall.
      const stat = readFileSync(`/proc/${p}/stat`, 'utf8');
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      ticks += Number(fields[11]) + Number(fields[12]);
    } catch {
      // the process exited meanwhile
    }
  }
  return { rssMb: rss / 1024, pssMb: pss / 1024, cpuSeconds: ticks / TICKS_PER_SECOND, perProcessRssMb: perProcess };
}

/** Samples the tree every `everyMs` until the returned function is called; it returns the sample with the highest RSS. */
export function samplePeakMemory(pid, everyMs = 200) {
  let peak = treeStats(pid);
  const timer = setInterval(() => {
    const now = treeStats(pid);
    if (now.rssMb > peak.rssMb) peak = now;
  }, everyMs);
  return () => {
    clearInterval(timer);
    return { rssMb: peak.rssMb, pssMb: peak.pssMb, perProcessRssMb: peak.perProcessRssMb };
  };
}
