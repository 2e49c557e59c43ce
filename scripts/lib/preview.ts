/**
 * Serve dist/ with `vite preview` for browser benchmarks (same COOP/COEP headers as `npm start`) and
 * resolve once `probePath` answers. Returns a function that stops the server.
 */
import { spawn } from 'node:child_process';

export async function startPreview(port: number, probePath = '/'): Promise<() => void> {
  const child = spawn('npx', ['vite', 'preview', '--port', String(port), '--strictPort', '--host', '127.0.0.1'], {
    stdio: 'ignore',
    detached: true, // own process group, so the kill below ends npx and vite together
  });
  const stop = () => {
    if (child.pid) process.kill(-child.pid, 'SIGTERM');
  };
  for (let i = 0; i < 100; i++) {
    try {
      if ((await fetch(`http://127.0.0.1:${port}${probePath}`)).ok) return stop;
    } catch {
      // not up yet
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  stop();
  throw new Error(`vite preview did not come up on port ${port} (is dist/ built? npm run build)`);
}
