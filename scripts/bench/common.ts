import { readdirSync, readFileSync } from 'node:fs';
import { createServer } from 'node:net';

/** Helpers shared by the benches, their baseline child processes and the fault suite. */

export const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/** Every line the bench prints before its final JSON starts with this, so the JSON is easy to pick out. */
export function log(message: string): void {
  process.stdout.write(`[bench ${new Date().toISOString().slice(11, 23)}] ${message}\n`);
}

/** A free loopback port, for children that must be told where to listen. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

/** A unique Italian mobile number in E.164 for the i-th simulated citizen. */
export function phoneOf(i: number): string {
  return `+39${3_400_000_000 + i}`;
}

/** The bulletin every phase sends: the same request body for Bacheca and the baselines. */
export const BULLETIN = {
  title: 'Chiusura via Roma',
  body: 'Lavori sulla rete idrica: domani dalle 8 alle 18 acqua sospesa in via Roma e nelle vie vicine.\nDettagli: https://www.comune.example.it/avvisi/rete-idrica',
};

export async function httpJson<T>(method: string, url: string, body?: unknown, timeoutMs = 30_000): Promise<T> {
  const res = await fetch(url, {
    method,
    headers: { 'content-type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
    signal: AbortSignal.timeout(timeoutMs),
  });
  const text = await res.text();
  if (!res.ok) throw new Error(`${method} ${url}: ${res.status} ${text.slice(0, 300)}`);
  return (text ? JSON.parse(text) : undefined) as T;
}

/** Resident set size now and at its peak (VmHWM), in MiB, of a process of this machine (Linux). */
export function rssOf(pid: number): { rssMb: number; hwmMb: number } | undefined {
  try {
    const status = readFileSync(`/proc/${pid}/status`, 'utf8');
    const kb = (field: string) => Number(new RegExp(`^${field}:\\s+(\\d+) kB`, 'm').exec(status)?.[1] ?? 0);
    return { rssMb: kb('VmRSS') / 1024, hwmMb: kb('VmHWM') / 1024 };
  } catch {
    return undefined;
  }
}

/** CPU seconds (user + system) a process has used so far (Linux). */
export function cpuSecondsOf(pid: number): number {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // Fields after the command name (which may contain spaces) start after the last ')'.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return (Number(fields[11]) + Number(fields[12])) / 100; // utime, stime in clock ticks (USER_HZ = 100)
  } catch {
    return 0;
  }
}

/**
 * CPU seconds used so far by processes by name (postgres, redis-server). For postgres this also counts
 * the backends that have exited (the postmaster's cutime/cstime), so pools closing idle connections do
 * not make the figure go backwards. It covers every database of the server: on a shared machine other
 * test suites' backends are in it.
 */
export function cpuSecondsByName(names: string[]): Record<string, number> {
  const out: Record<string, number> = Object.fromEntries(names.map((n) => [n, 0]));
  const procs: { pid: number; ppid: number; comm: string; fields: string[] }[] = [];
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
      const comm = stat.slice(stat.indexOf('(') + 1, stat.lastIndexOf(')'));
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      procs.push({ pid: Number(entry), ppid: Number(fields[1]), comm, fields });
    } catch {
      // gone meanwhile
    }
  }
  const pids = new Map(procs.map((p) => [p.pid, p]));
  for (const p of procs) {
    if (!(p.comm in out)) continue;
    out[p.comm] += (Number(p.fields[11]) + Number(p.fields[12])) / 100;
    // The postmaster: also what its exited children used.
    if (p.comm === 'postgres' && pids.get(p.ppid)?.comm !== 'postgres') out[p.comm] += (Number(p.fields[13]) + Number(p.fields[14])) / 100;
  }
  return out;
}

/** Busy and total CPU seconds of the whole machine so far (Linux /proc/stat). */
export function machineCpu(): { busy: number; total: number } {
  const line = readFileSync('/proc/stat', 'utf8').split('\n')[0];
  const v = line.trim().split(/\s+/).slice(1).map(Number);
  const idle = v[3] + (v[4] ?? 0);
  const total = v.reduce((a, b) => a + b, 0);
  return { busy: (total - idle) / 100, total: total / 100 };
}

export const round = (x: number, digits = 1) => (Number.isFinite(x) ? Math.round(x * 10 ** digits) / 10 ** digits : x);

/** An integer setting of a bench from the environment (so `npm run bench:*` needs no `--`), checked. */
export function intEnv(name: string, fallback: number, min: number, max: number): number {
  // eslint-disable-next-line no-restricted-syntax -- the benches are a process edge, like the CLI
  const raw = process.env[name];
  if (raw === undefined || raw === '') return fallback;
  const v = Number(raw);
  if (!Number.isInteger(v) || v < min || v > max) throw new Error(`${name} must be an integer in ${min}..${max}, got "${raw}"`);
  return v;
}

/** A decimal setting, likewise. */
export function numEnv(name: string, fallback: number, min: number, max: number): number {
  // eslint-disable-next-line no-restricted-syntax -- as above
  const raw = process.env[name];
  if (raw === undefined || raw === '') return fallback;
  const v = Number(raw);
  if (!Number.isFinite(v) || v < min || v > max) throw new Error(`${name} must be a number in ${min}..${max}, got "${raw}"`);
  return v;
}

/** Runs a bench's main and exits with its code; anything it let escape is printed and exits 1. */
export function runMain(main: () => Promise<number>): void {
  main().then(
    (code) => process.exit(code),
    (err: unknown) => {
      console.error(err);
      process.exit(1);
    },
  );
}
