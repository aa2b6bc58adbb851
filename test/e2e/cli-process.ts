/**
 * Runs the real `bin/zonekeeper` as a child process for end-to-end tests, and finds free loopback ports.
 * @module
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { createServer } from 'node:net';
import { fileURLToPath } from 'node:url';

export const ROOT = fileURLToPath(new URL('../../', import.meta.url));
export const BIN = `${ROOT}bin/zonekeeper`;

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => {
        resolve(typeof address === 'object' && address !== null ? address.port : 0);
      });
    });
  });
}

export type Running = { child: ChildProcess; output: () => string; stop: () => Promise<number | null> };

export function startCli(args: readonly string[], cwd: string): Running {
  const child = spawn(BIN, args, { cwd, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  child.stdout?.on('data', (d: Buffer) => (output += d.toString()));
  child.stderr?.on('data', (d: Buffer) => (output += d.toString()));
  return {
    child,
    output: () => output,
    stop: async () => {
      if (child.exitCode !== null) return child.exitCode;
      const done = new Promise<number | null>((r) => child.once('exit', (code) => { r(code); }));
      child.kill('SIGTERM');
      return done;
    },
  };
}

export async function runCli(
  args: readonly string[],
  cwd: string,
  env: NodeJS.ProcessEnv = process.env,
): Promise<{ code: number | null; stdout: string; stderr: string }> {
  const child = spawn(BIN, args, { cwd, env, stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
  child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
  const code = await new Promise<number | null>((r) => child.once('exit', (c) => { r(c); }));
  return { code, stdout, stderr };
}

/** Polls `probe` every 50 ms until it returns true or `timeoutMs` passes; returns the elapsed ms or undefined. */
export async function waitFor(probe: () => Promise<boolean>, timeoutMs: number): Promise<number | undefined> {
  const start = Date.now();
  while (Date.now() - start < timeoutMs) {
    if (await probe().catch(() => false)) return Date.now() - start;
    await new Promise((r) => setTimeout(r, 50));
  }
  return undefined;
}
