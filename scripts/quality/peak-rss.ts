// A process's own peak RSS, for the figures the benchmarks and the soak print.
//
// Not process.resourceUsage().maxRSS on Linux: for a process started by another, the kernel folds
// the parent's peak into it at exec (getrusage's ru_maxrss is kept per thread group and survives
// exec). A connector child spawned by a benchmark holding a 100,000-order simulator reported that
// simulator's ~190 MB as its own peak, whatever it did. /proc/self/status's VmHWM is the peak of
// this process's own memory map.
import { readFileSync } from 'node:fs';

export function ownPeakRssKb(): number {
  if (process.platform === 'linux') {
    const match = /^VmHWM:\s+(\d+) kB$/m.exec(readFileSync('/proc/self/status', 'utf8'));
    if (match) return Number(match[1]);
  }
  return process.resourceUsage().maxRSS;
}
