/**
 * A progress indicator for long batch jobs, on stderr so stdout stays pure data. On a
 * terminal it rewrites one line at most 10 times a second; into a file or pipe it writes a
 * line every few seconds. Either way it ends with a summary line.
 */
export interface ProgressLine {
  update(count: number): void;
  done(count: number): void;
}

export function progressLine(stream: NodeJS.WriteStream, noun: string, options: { logEveryMs?: number } = {}): ProgressLine {
  const started = Date.now();
  const interactive = stream.isTTY === true;
  const minGapMs = interactive ? 100 : options.logEveryMs ?? 5000;
  let last = started;
  const describe = (count: number) => {
    const seconds = (Date.now() - started) / 1000;
    const rate = seconds > 0 ? Math.round(count / seconds) : count;
    return `${count.toLocaleString('en-US')} ${noun} in ${seconds.toFixed(1)} s (${rate.toLocaleString('en-US')}/s)`;
  };
  return {
    update(count) {
      const now = Date.now();
      if (now - last < minGapMs) return;
      last = now;
      stream.write(interactive ? `\r\x1b[2K${describe(count)}` : `${describe(count)}\n`);
    },
    done(count) {
      stream.write(`${interactive ? '\r\x1b[2K' : ''}done: ${describe(count)}\n`);
    },
  };
}
