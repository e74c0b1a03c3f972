import { ChildProcess, spawn } from 'node:child_process';
import { join } from 'node:path';
import { log, sleep } from './common';

/** Child processes of the benches and the fault suite: the product's compiled apps, run as in production. */

const ROOT = join(__dirname, '..', '..'); // dist/bench

export interface Child {
  name: string;
  proc: ChildProcess;
  tail: string[];
  exited: Promise<number | null>;
}

/** Starts `node dist/bench/<script>`; its last 200 lines are kept, and those `echo` picks are logged. */
export function startChild(name: string, script: string, args: string[], env: Record<string, string>, echo: (line: string) => boolean): Child {
  // eslint-disable-next-line no-restricted-syntax -- the bench is a process edge: children need PATH and the like
  const proc = spawn(process.execPath, [join(ROOT, script), ...args], { env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  const tail: string[] = [];
  const onData = (chunk: Buffer) => {
    for (const line of chunk.toString('utf8').split('\n')) {
      if (!line.trim()) continue;
      tail.push(line);
      if (tail.length > 200) tail.shift();
      if (echo(line)) log(`[${name}] ${line.trim().slice(0, 400)}`);
    }
  };
  proc.stdout!.on('data', onData);
  proc.stderr!.on('data', onData);
  const exited = new Promise<number | null>((resolve) => proc.once('exit', (code) => resolve(code)));
  return { name, proc, tail, exited };
}

export async function stopChild(c: Child | undefined, graceMs = 15_000): Promise<void> {
  if (!c || c.proc.exitCode !== null || c.proc.signalCode !== null) return;
  c.proc.kill('SIGTERM');
  const timer = setTimeout(() => c.proc.kill('SIGKILL'), graceMs);
  await c.exited;
  clearTimeout(timer);
}

export async function until<T>(what: string, probe: () => Promise<T | undefined>, timeoutMs: number, everyMs: number): Promise<T> {
  const end = Date.now() + timeoutMs;
  for (;;) {
    const v = await probe();
    if (v !== undefined) return v;
    if (Date.now() > end) throw new Error(`timed out after ${Math.round(timeoutMs / 1000)} s waiting for ${what}`);
    await sleep(everyMs);
  }
}
