// Starts the real anxin-server (release build) serving the real dist/ on a
// free port with a temp data folder holding the example roster, and stops
// exactly that process. One-time codes come from the server's own command.
import { execFileSync, spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

const root = resolve(import.meta.dirname, '..', '..', '..');
// The release build `make server` makes; ANXIN_SERVER_BIN and ANXIN_DIST
// point the tests at another build of the server or of the app.
const serverBinary = process.env.ANXIN_SERVER_BIN ?? join(root, 'target', 'server', 'anxin-server');
const defaultDist = process.env.ANXIN_DIST ?? join(root, 'dist');
export const ROSTER = join(root, 'docs', 'roster.example.csv');

/** Runs one of the server's commands on a data folder; its output. */
/** Runs one of the server's commands on a data folder; its output. */
export function serverCommand(dataDir, ...args) {
  return execFileSync(serverBinary, ['--data-dir', dataDir, ...args], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
}

/**
 * A one-time code for `personId`, as an advisor would read it out
 * (`ABCDE-FGHJK`), issued on the running server's data folder.
 */
export function issueCode(server, personId) {
  const output = serverCommand(server.dataDir, 'issue-code', personId);
  const code = output.match(/\b[2-9A-HJ-NP-Z]{5}-[2-9A-HJ-NP-Z]{5}\b/)?.[0];
  if (!code) throw new Error(`no code in the output of issue-code:\n${output}`);
  return code;
}

export function freePort() {
  return new Promise((ok, fail) => {
    const probe = createServer();
    probe.once('error', fail);
    probe.listen(0, '127.0.0.1', () => {
      const { port } = probe.address();
      probe.close(() => ok(port));
    });
  });
}

async function waitForHealth(url, child, log) {
  const deadline = Date.now() + 15_000;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`anxin-server exited early:\n${log()}`);
    try {
      const response = await fetch(`${url}/api/health`);
      if (response.ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`anxin-server did not become healthy:\n${log()}`);
}

/**
 * A new data folder gets the example roster (docs/roster.example.csv, or
 * the `roster` file given); a given folder is used as it is.
 * `args` are more options for the server (e.g. its sign-in limits).
 * @param {{ directoryToml?: string, dist?: string, port?: number, dataDir?: string, roster?: string, args?: string[] }} options
 * @returns {Promise<{ url: string, dataDir: string, stop: () => Promise<void> }>}
 */
export async function startServer(options = {}) {
  const dataDir = options.dataDir ?? mkdtempSync(join(tmpdir(), 'anxin-e2e-'));
  if (!options.dataDir) serverCommand(dataDir, 'import-roster', options.roster ?? ROSTER);
  const port = options.port ?? (await freePort());
  const args = ['--bind', `127.0.0.1:${port}`, '--data-dir', dataDir, '--dist', options.dist ?? defaultDist];
  if (options.directoryToml) {
    const file = join(dataDir, 'directory.toml');
    writeFileSync(file, options.directoryToml);
    args.push('--directory', file);
  }
  args.push(...(options.args ?? []));
  const child = spawn(serverBinary, args, { stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  child.stdout.on('data', (d) => (output += d));
  child.stderr.on('data', (d) => (output += d));
  const url = `http://127.0.0.1:${port}`;
  await waitForHealth(url, child, () => output);
  const end = async (signal) => {
    if (child.exitCode === null && child.signalCode === null) {
      const exited = new Promise((r) => child.once('exit', r));
      child.kill(signal);
      await exited;
    }
  };
  return {
    url,
    port,
    dataDir,
    output: () => output,
    /** Kills the process (SIGKILL, as a crash) and keeps its data. */
    async crash() {
      await end('SIGKILL');
    },
    /** The same server again: same port, same data (after `crash`). */
    async restart() {
      await end('SIGKILL');
      return startServer({ ...options, port, dataDir });
    },
    async stop() {
      await end('SIGTERM');
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
