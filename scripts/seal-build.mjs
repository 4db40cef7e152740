// After `make dist` has built the app and the bundles of their own into
// dist/: gives the service worker a build id that covers the bundles too.
// The app's post-build step names the build after the app's own files
// (the bundles are built after it, into dist/<bundle>/); without this, a
// change to the pass bundle alone would leave sw.js as it was, and phones
// would keep showing the old pass page. Each bundle's index.html names
// its content-hashed files, so it stands for the whole bundle.
import { createHash } from 'node:crypto';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { brotliCompressSync, constants, gzipSync } from 'node:zlib';

const dist = process.argv[2] ?? 'dist';
const BUNDLES = ['pass', 'counselling', 'desk', 'reports', 'gate'];
const worker = join(dist, 'sw.js');
const source = readFileSync(worker, 'utf8');
const declared = source.match(/const BUILD_ID = '([0-9a-f]+)';/);
if (!declared) {
  console.error(`seal-build: ${worker} declares no BUILD_ID`);
  process.exit(1);
}
const hash = createHash('sha256').update(declared[1]);
for (const bundle of BUNDLES) {
  const page = join(dist, bundle, 'index.html');
  if (!existsSync(page)) continue;
  hash.update(bundle);
  hash.update(readFileSync(page));
}
const buildId = hash.digest('hex').slice(0, 16);
const sealed = source.replace(declared[0], `const BUILD_ID = '${buildId}';`);
writeFileSync(worker, sealed);
const bytes = Buffer.from(sealed);
writeFileSync(`${worker}.br`, brotliCompressSync(bytes, {
  params: { [constants.BROTLI_PARAM_QUALITY]: 11, [constants.BROTLI_PARAM_SIZE_HINT]: bytes.length },
}));
writeFileSync(`${worker}.gz`, gzipSync(bytes, { level: 9 }));
console.log(`sw.js: build ${buildId} (the app's ${declared[1]} and its bundles)`);
