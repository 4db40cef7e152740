// Lighthouse 11, mobile preset (simulated slow 4G, 4x CPU slowdown), 3 runs
// a page, on the server scripts/lighthouse.sh started:
//   node scripts/lighthouse.mjs <app url> <server data folder> <temp folder>
// Pages: the first screen on a fresh profile, and Today in a profile where
// a person signed in (prepared with playwright-core, then kept between the
// runs with --disable-storage-reset). Prints each page's medians next to
// issue #18's targets, the failing accessibility audits with their
// elements, what holds the load back, and the installability audit.
// Exits 1 only when Lighthouse fails or the first screen is not installable.
import { execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';

import { CHROMIUM_FLAGS, launchProfilePhone, waitForApp } from '../tests/e2e/support/browser.mjs';
import { WORDS, signInFirstTime } from '../tests/e2e/support/declaration.mjs';

const [url, dataDir, work] = process.argv.slice(2);
const RUNS = 3;
const LIGHTHOUSE = 'bench/node_modules/.bin/lighthouse';
const CHROME_FLAGS = ['--headless=new', ...CHROMIUM_FLAGS];

const seconds = (ms) => `${(ms / 1000).toFixed(1)} s`;
const millis = (ms) => `${Math.round(ms)} ms`;
const score = (s) => s.toFixed(2);
const category = (id) => (r) => r.categories[id].score;
const metric = (id) => (r) => r.audits[id].numericValue;
// Issue #18's targets; `goal` is where the product wants to be.
const FIGURES = [
  { name: 'performance', value: category('performance'), show: score, target: ['>= 0.90', (v) => v >= 0.9], goal: ['0.95', (v) => v >= 0.95] },
  { name: 'accessibility', value: category('accessibility'), show: score, target: ['1.00', (v) => v === 1] },
  { name: 'FCP', value: metric('first-contentful-paint'), show: seconds },
  { name: 'LCP', value: metric('largest-contentful-paint'), show: seconds, target: ['<= 2.5 s', (v) => v <= 2500], goal: ['2.0 s', (v) => v <= 2000] },
  { name: 'TBT', value: metric('total-blocking-time'), show: millis, target: ['<= 200 ms', (v) => v <= 200] },
  { name: 'speed index', value: metric('speed-index'), show: seconds },
];
const INSTALLABILITY = ['installable-manifest', 'service-worker', 'themed-omnibox', 'maskable-icon', 'viewport'];

/** One Lighthouse run of `url` (the CLI, its own Chromium); its result. */
async function lighthouse(name, run, extraFlags = [], options = []) {
  const output = join(work, `${name}-${run}.json`);
  try {
    await promisify(execFile)(LIGHTHOUSE, [
      `${url}/`, '--quiet', '--output=json', `--output-path=${output}`,
      '--only-categories=performance,accessibility,pwa', '--form-factor=mobile',
      // The preset simulates slow 4G from an unthrottled load; THROTTLING=devtools
      // applies the same throttling for real instead.
      `--throttling-method=${process.env.THROTTLING ?? 'simulate'}`,
      `--chrome-flags=${[...CHROME_FLAGS, ...extraFlags].join(' ')}`, ...options,
    ], { env: { ...process.env, CHROME_PATH: process.env.CHROMIUM ?? '/usr/bin/chromium' }, maxBuffer: 1 << 26 });
  } catch (error) {
    console.error(`lighthouse failed on ${name}, run ${run}:\n${error.stderr || error.message}`);
    process.exit(1);
  }
  const result = JSON.parse(readFileSync(output, 'utf8'));
  if (result.runtimeError) {
    console.error(`lighthouse failed on ${name}, run ${run}: ${result.runtimeError.code} ${result.runtimeError.message}`);
    process.exit(1);
  }
  return result;
}

/** A Chromium profile in which 2020-0101 signed in, with the service worker in control. */
async function signedInProfile() {
  const profile = join(work, 'profile');
  const { context, page } = await launchProfilePhone(profile);
  try {
    await page.goto(url);
    await waitForApp(page);
    await page.evaluate(async () => {
      await navigator.serviceWorker.ready;
      if (!navigator.serviceWorker.controller) {
        await new Promise((r) => navigator.serviceWorker.addEventListener('controllerchange', r, { once: true }));
      }
    });
    await signInFirstTime(page, { dataDir }, WORDS['zh-CN'], '2020-0101');
  } finally {
    await context.close();
  }
  return profile;
}

const median = (values) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];
const pad = (text, width) => String(text).padEnd(width);

function report(title, runs) {
  console.log(`\n${title}: ${runs[0].finalDisplayedUrl}, median of ${runs.length} runs`);
  for (const f of FIGURES) {
    const values = runs.map(f.value);
    const m = median(values);
    const target = f.target ? `target ${pad(f.target[0], 10)} ${f.target[1](m) ? 'PASS' : 'MISS'}` : pad('', 22);
    const goal = f.goal ? `goal ${pad(f.goal[0], 5)} ${f.goal[1](m) ? 'PASS' : 'MISS'}` : pad('', 15);
    console.log(`  ${pad(f.name, 14)} ${pad(f.show(m), 7)} ${target}  ${goal}  runs ${values.map(f.show).join(', ')}`);
  }

  // Every accessibility audit that failed in some run, with its elements.
  const failed = new Map();
  for (const r of runs) {
    for (const { id } of r.categories.accessibility.auditRefs) {
      const audit = r.audits[id];
      if (audit.score === null || audit.score === 1) continue;
      const entry = failed.get(id) ?? { audit, runs: 0 };
      entry.runs += 1;
      failed.set(id, entry);
    }
  }
  for (const [id, { audit, runs: count }] of failed) {
    console.log(`  accessibility FAIL ${id}: ${audit.title} (${count} of ${runs.length} runs)`);
    for (const { node } of audit.details?.items ?? []) {
      if (!node) continue;
      console.log(`    ${node.selector}\n      ${node.snippet}`);
      const why = node.explanation?.split('\n').slice(1).map((l) => l.trim()).filter(Boolean).join(' / ');
      if (why) console.log(`      ${why.length > 240 ? `${why.slice(0, 240)}…` : why}`);
    }
  }

  // What holds the load back, from the run with the median performance score.
  const byScore = [...runs].sort((a, b) => a.categories.performance.score - b.categories.performance.score);
  const a = byScore[Math.floor(runs.length / 2)].audits;
  const lcp = a['largest-contentful-paint-element'];
  const [element, phases] = lcp?.details?.items ?? [];
  const lcpNode = element?.items[0]?.node;
  if (lcpNode) console.log(`  LCP element: ${lcpNode.selector} ${lcpNode.snippet.slice(0, 100)}`);
  else console.log(`  LCP element: not known (${lcp?.errorMessage?.split(':')[0] ?? 'not run'})`);
  if (phases) console.log(`  LCP phases: ${phases.items.map((p) => `${p.phase} ${millis(p.timing)}`).join(', ')}`);
  const opportunities = Object.values(a)
    .filter((x) => x.details?.type === 'opportunity' && x.details.overallSavingsMs > 0)
    .sort((x, y) => y.details.overallSavingsMs - x.details.overallSavingsMs)
    .map((x) => `${x.id} ${millis(x.details.overallSavingsMs)}`);
  console.log(`  opportunities: ${opportunities.join(', ') || 'none'}`);
  const breakdown = a['mainthread-work-breakdown'];
  const groups = breakdown?.details?.items.slice(0, 4).map((g) => `${g.groupLabel} ${millis(g.duration)}`) ?? [];
  console.log(`  main thread: ${breakdown?.displayValue ?? '-'} (${groups.join(', ')})`);
  const scripts = (a['bootup-time']?.details?.items ?? [])
    .sort((x, y) => y.scripting - x.scripting).slice(0, 2)
    .map((x) => `${x.url.replace(url, '')} ${millis(x.scripting)}`);
  console.log(`  scripting: ${scripts.join(', ') || '-'}; long tasks: ${a['long-tasks']?.details?.items.length ?? '-'}`);

  // Installability: a pass only when every run passed.
  for (const id of INSTALLABILITY) {
    const scores = runs.map((r) => r.audits[id]?.score);
    const failing = scores.filter((s) => s !== 1).length;
    const state = scores.every((s) => s === undefined) ? '(not run)' : failing ? `FAIL in ${failing} of ${runs.length} runs` : 'pass';
    console.log(`  ${id}: ${state}`);
  }
  console.log(`  pwa category: ${runs.map((r) => Math.round((r.categories.pwa?.score ?? 0) * 100)).join(', ')}`);
  return runs.every((r) => r.audits['installable-manifest']?.score === 1);
}

const first = [];
for (let run = 1; run <= RUNS; run += 1) first.push(await lighthouse('first-screen', run));
const profile = await signedInProfile();
const today = [];
for (let run = 1; run <= RUNS; run += 1) {
  const result = await lighthouse('today', run, [`--user-data-dir=${profile}`], ['--disable-storage-reset']);
  // Signed in, the app pulls the person's records as it starts.
  const pulled = result.audits['network-requests'].details.items.some((r) => r.url.includes('/api/v1/sync/pull') && r.statusCode === 200);
  if (!pulled) {
    console.error(`Today, run ${run}: not signed in (no /api/v1/sync/pull answered 200)`);
    process.exit(1);
  }
  today.push(result);
}

console.log(`lighthouse ${first[0].lighthouseVersion}, ${first[0].environment.hostUserAgent.match(/Chrome\/[\d.]+/)?.[0]}, mobile preset`);
const installable = report('First screen (fresh profile)', first);
report('Today, signed in (2020-0101, not yet declared today)', today);
if (!installable) process.exit(1);
