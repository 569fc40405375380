import { chromium } from 'playwright-core';
import { Server } from './lib/server.mjs';
const s = new Server('/tmp/dv-dev/build/asan/danvan'); await s.start();
const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', headless: true, args: ['--no-sandbox','--disable-gpu'] });
try {
for (const vp of [{ width: 360, height: 740 }, { width: 1280, height: 800 }]) {
const ctx = await browser.newContext({ viewport: vp });
const page = await ctx.newPage();
await page.goto(s.base + '/phan-anh/gui');
for (const opt of [{ type: 'png' }, { type: 'png' }, { type: 'jpeg', quality: 85 }, { type: 'png', animations: 'disabled', caret: 'initial' }, { type: 'png', fullPage: false }]) {
  const t0 = Date.now();
  const buf = await page.screenshot({ fullPage: true, ...opt });
  console.log(vp.width, JSON.stringify(opt), Date.now() - t0, 'ms', buf.length);
}
await ctx.close();
}
} finally { await browser.close(); await s.stop({ ok: () => 0 }); }
