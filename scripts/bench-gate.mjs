// Benchmark: from a camera frame to the verdict on the gate screen (the
// Rust decoder reading the frame, the signature and the day checked, the
// verdict drawn), on the guard's phone with the CPU slowed 4× as a cheap
// phone would be, and unthrottled in the same run as the baseline. The
// phone's fake camera shows a real pass. Prints the figures; exits 1 when
// the throttled median is over the 150 ms target.
//
// Runs the real server and the real release build (make bench-gate).
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { launchBrowser, waitForApp } from '../tests/e2e/support/browser.mjs';
import { blankFrame, cameraFlags, screenshotFrame, showOnCamera } from '../tests/e2e/support/camera.mjs';
import { WORDS, openOnline, signInFirstTime, studentWithPass } from '../tests/e2e/support/declaration.mjs';
import { startServer } from '../tests/e2e/support/server.mjs';

const RUNS = Number(process.env.RUNS ?? 9);
const TARGET_MS = 150;

const median = (values) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];

const server = await startServer();
const folder = mkdtempSync(join(tmpdir(), 'anxin-bench-camera-'));
const camera = join(folder, 'camera.y4m');
showOnCamera(camera, blankFrame());
const browser = await launchBrowser(cameraFlags(camera));
let failed = false;
try {
  const w = WORDS['zh-CN'];
  const student = await studentWithPass(browser, server);
  showOnCamera(camera, await screenshotFrame(browser, await student.page.getByTestId('pass-qr').screenshot()));

  const guard = await openOnline(browser, server, 'zh-CN');
  await signInFirstTime(guard.page, server, w, 'G-0001');
  await guard.page.goto(`${server.url}/gate`);
  await waitForApp(guard.page);
  await guard.page.getByTestId('gate-list').waitFor({ timeout: 20_000 });
  const cdp = await guard.context.newCDPSession(guard.page);

  const measure = async (rate) => {
    await cdp.send('Emulation.setCPUThrottlingRate', { rate });
    const times = [];
    for (let run = 0; run < RUNS; run += 1) {
      await guard.page.evaluate(() => performance.clearMeasures('anxin-frame-to-verdict'));
      await guard.page.getByTestId('gate-scan').click();
      await guard.page.getByTestId('gate-verdict').waitFor({ timeout: 30_000 });
      const ms = await guard.page.waitForFunction(
        () => performance.getEntriesByName('anxin-frame-to-verdict').at(-1)?.duration,
        null,
        { timeout: 10_000 },
      );
      times.push(await ms.jsonValue());
      await guard.page.getByTestId('gate-cancel').click();
    }
    return times;
  };
  const baseline = await measure(1);
  const throttled = await measure(4);
  const show = (times) => times.map((t) => t.toFixed(0)).join(', ');
  console.log(`camera frame → verdict, unthrottled: median ${median(baseline).toFixed(0)} ms (${show(baseline)})`);
  console.log(`camera frame → verdict, 4× CPU throttling: median ${median(throttled).toFixed(0)} ms (${show(throttled)}); target under ${TARGET_MS} ms`);
  failed = median(throttled) >= TARGET_MS;
} finally {
  await browser.close();
  await server.stop();
  rmSync(folder, { recursive: true, force: true });
}
process.exit(failed ? 1 : 0);
