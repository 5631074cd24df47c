/**
 * Loads one server on loopback for a fixed time with the same single-record POST, using wrk
 * when installed (a C load generator takes less of the 2 cores from the server under test),
 * else autocannon. Returns requests/s and p50/p99 latency in milliseconds.
 */
import { spawn, spawnSync } from 'node:child_process';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

export function loadTool(preferred) {
  if (preferred) return preferred;
  return spawnSync('wrk', ['--version']).error ? 'autocannon' : 'wrk';
}

export async function runLoad({ tool, url, body, seconds, connections, workDir }) {
  return tool === 'wrk' ? runWrk({ url, body, seconds, connections, workDir }) : runAutocannon({ url, body, seconds, connections });
}

async function runWrk({ url, body, seconds, connections, workDir }) {
  const bodyFile = join(workDir, 'body.json');
  await writeFile(bodyFile, body);
  const script = fileURLToPath(new URL('./wrk-post.lua', import.meta.url));
  const args = ['-t1', `-c${connections}`, `-d${seconds}s`, '-s', script, `${url}/v1/predict`];
  const out = await new Promise((resolve, reject) => {
    const child = spawn('wrk', args, { env: { ...process.env, BENCH_BODY_FILE: bodyFile } });
    let text = '';
    child.stdout.on('data', (d) => (text += d));
    child.stderr.on('data', (d) => (text += d));
    child.on('error', reject);
    child.on('exit', (code) => (code === 0 ? resolve(text) : reject(new Error(`wrk exited with ${code}: ${text}`))));
  });
  const line = /BENCH_JSON (\{.*\})/.exec(out);
  if (!line) throw new Error(`wrk printed no summary: ${out}`);
  const s = JSON.parse(line[1]);
  return {
    requests: s.requests,
    rps: s.requests / (s.durationUs / 1e6),
    p50Ms: s.p50Us / 1000,
    p99Ms: s.p99Us / 1000,
    failed: s.errors + s.non2xx,
  };
}

async function runAutocannon({ url, body, seconds, connections }) {
  const { default: autocannon } = await import('autocannon');
  const r = await autocannon({ url: `${url}/v1/predict`, method: 'POST', body, headers: { 'content-type': 'application/json' }, connections, duration: seconds });
  return { requests: r.requests.total, rps: r.requests.total / seconds, p50Ms: r.latency.p50, p99Ms: r.latency.p99, failed: r.errors + r.non2xx + r.timeouts };
}
