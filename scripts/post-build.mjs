// Trunk post-build hook, on the staged build:
// 1. joins the page's stylesheets (one file per UI area in style/) into one
//    file, in their order: a phone on a slow network then waits for one
//    render-blocking request, not six;
// 2. writes sw.js with the list of every file of this build and an id that
//    changes with their contents;
// 3. writes brotli (.br) and gzip (.gz) copies of the text and wasm files at
//    the highest levels, which the server sends to browsers that accept
//    them (compressing once here, not on every request).
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync, statSync, unlinkSync, writeFileSync } from 'node:fs';
import { basename, join, relative, sep } from 'node:path';
import { brotliCompressSync, constants, gzipSync } from 'node:zlib';

const staging = process.env.TRUNK_STAGING_DIR;
const source = process.env.TRUNK_SOURCE_DIR ?? process.cwd();
if (!staging) {
  console.error('service-worker.mjs runs as a Trunk post_build hook (TRUNK_STAGING_DIR is unset)');
  process.exit(1);
}

/** Replaces the page's stylesheet links (not the noscript one) by one. */
function joinStylesheets(page) {
  let html = readFileSync(page, 'utf8');
  const links = [...html.matchAll(/<link\b[^>]*>/g)]
    .map((m) => ({ tag: m[0], href: m[0].match(/\bhref="?([^"\s>]+\.css)"?/)?.[1] }))
    .filter((l) => l.href && /\bstylesheet\b/.test(l.tag) && !l.href.includes('noscript'));
  if (links.length < 2) return;
  const css = links.map((l) => readFileSync(join(staging, basename(l.href)), 'utf8')).join('\n');
  const name = `style-${createHash('sha256').update(css).digest('hex').slice(0, 16)}.css`;
  writeFileSync(join(staging, name), css);
  const integrity = `sha384-${createHash('sha384').update(css).digest('base64')}`;
  const href = links[0].href.slice(0, links[0].href.lastIndexOf('/') + 1) + name;
  html = html.replace(links[0].tag, `<link href="${href}" integrity="${integrity}" rel="stylesheet">`);
  for (const link of links.slice(1)) html = html.replace(link.tag, '');
  for (const link of links) unlinkSync(join(staging, basename(link.href)));
  writeFileSync(page, html);
  console.log(`styles: ${links.length} stylesheets joined into ${name}`);
}
joinStylesheets(join(staging, 'index.html'));

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

// The bundles of their own have no service worker of their own and none
// of their files in the app's precache: the counselling desk (desk.html)
// is online only; today's pass (pass.html), the students' booking page
// (counselling.html), the daily report (reports.html) and the gate
// (gate.html) are kept by the app's worker at run time, only where they
// are wanted.
const staff = /(pass|counselling|desk|reports|gate)\.html$/.test(process.env.TRUNK_HTML_FILE ?? '');
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
