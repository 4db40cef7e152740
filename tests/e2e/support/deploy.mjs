// A deploy folder the server serves, so a test can put a new build in place
// while a page is open, as an operator would.
import { cpSync, mkdtempSync, readdirSync, rmSync, utimesSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

const root = resolve(import.meta.dirname, '..', '..', '..');
export const FIRST_BUILD = join(root, 'dist');
export const NEXT_BUILD = join(root, 'target', 'dist-next');

export function newDeployFolder(build = FIRST_BUILD) {
  const folder = mkdtempSync(join(tmpdir(), 'anxin-deploy-'));
  cpSync(build, folder, { recursive: true });
  return folder;
}

/** Replaces the deployed build: new files first, index.html and sw.js last. */
export function deploy(build, folder) {
  const incoming = new Set(readdirSync(build));
  for (const name of incoming) {
    if (name !== 'index.html' && name !== 'sw.js') cpSync(join(build, name), join(folder, name), { recursive: true });
  }
  cpSync(join(build, 'index.html'), join(folder, 'index.html'));
  cpSync(join(build, 'sw.js'), join(folder, 'sw.js'));
  for (const name of readdirSync(folder)) {
    if (!incoming.has(name)) rmSync(join(folder, name), { recursive: true, force: true });
  }
  // HTTP dates have whole seconds: a deploy in the same second as the
  // page's last fetch of sw.js would be answered "304 Not Modified" and
  // the new build never found. Dated a second later, as a real deploy
  // (minutes after any fetch) always is.
  const later = Math.floor(Date.now() / 1000) + 2;
  for (const name of ['sw.js', 'sw.js.br', 'sw.js.gz', 'index.html', 'index.html.br', 'index.html.gz']) {
    try {
      utimesSync(join(folder, name), later, later);
    } catch {
      // not in this build
    }
  }
}

/** The hashed script and wasm names a build's index.html loads. */
export function hashedFiles(build) {
  return readdirSync(build).filter((name) => /-[0-9a-f]{12,16}(_bg)?\.(js|wasm)$/.test(name));
}
