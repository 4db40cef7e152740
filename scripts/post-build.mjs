// Trunk post-build hook, on the staged build:
// 1. writes sw.js with the list of every file of this build and an id that
//    changes with their contents;
// 2. writes brotli (.br) and gzip (.gz) copies of the text and wasm files at
//    the highest levels, which the server sends to browsers that accept
//    them (compressing once here, not on every request).
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join, relative, sep } from 'node:path';
import { brotliCompressSync, constants, gzipSync } from 'node:zlib';

const staging = process.env.TRUNK_STAGING_DIR;
const source = process.env.TRUNK_SOURCE_DIR ?? process.cwd();
if (!staging) {
  console.error('service-worker.mjs runs as a Trunk post_build hook (TRUNK_STAGING_DIR is unset)');
  process.exit(1);
}

function walk(dir) {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? walk(path) : [path];
  });
}

const skip = new Set(['sw.js', 'sw.template.js']);
const files = walk(staging)
  .map((path) => relative(staging, path).split(sep).join('/'))
  .filter((path) => !skip.has(path) && !path.startsWith('.') && !/\.(br|gz)$/.test(path))
  .sort();

const hash = createHash('sha256');
for (const file of files) {
  hash.update(file);
  hash.update(readFileSync(join(staging, file)));
}
const buildId = hash.digest('hex').slice(0, 16);
const paths = files.map((file) => `/${file}`);

// The staff bundles have no service worker of their own and none of
// their files in the app's precache: the counselling desk (desk.html) is
// online only; the daily report (reports.html) is kept by the app's worker
// at run time, only for those who open it.
const staff = /(desk|reports)\.html$/.test(process.env.TRUNK_HTML_FILE ?? '');
if (!staff) {
  const entry = paths.find((path) => /^\/anxin-[0-9a-f]+\.js$/.test(path));
  if (!entry) {
    console.error('post-build: the build has no anxin-<hash>.js entry script');
    process.exit(1);
  }
  const template = readFileSync(join(source, 'public', 'sw.template.js'), 'utf8');
  const worker = template
    .replace('__BUILD_ID__', buildId)
    .replace('__ENTRY__', entry.slice(1))
    .replace('__FILES__', JSON.stringify(paths, null, 2));
  writeFileSync(join(staging, 'sw.js'), worker);
  console.log(`sw.js: build ${buildId}, ${paths.length} files precached`);
}

const compressible = /\.(wasm|js|css|html|svg|webmanifest)$/;
let compressed = 0;
for (const file of [...files, ...(staff ? [] : ['sw.js'])].filter((f) => compressible.test(f))) {
  const path = join(staging, file);
  const bytes = readFileSync(path);
  writeFileSync(`${path}.br`, brotliCompressSync(bytes, {
    params: { [constants.BROTLI_PARAM_QUALITY]: 11, [constants.BROTLI_PARAM_SIZE_HINT]: bytes.length },
  }));
  writeFileSync(`${path}.gz`, gzipSync(bytes, { level: 9 }));
  compressed += 1;
}
console.log(`precompressed ${compressed} files (br, gz)`);
