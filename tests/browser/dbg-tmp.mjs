import { chromium } from 'playwright-core';
import fs from 'fs';
import { Server } from './lib/server.mjs';
const s = new Server('/tmp/dv-dev/build/asan/danvan'); await s.start();
const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', headless: true, args: ['--no-sandbox','--disable-gpu'] });
const src = fs.readFileSync('node_modules/axe-core/axe.min.js', 'utf8');
for (const mode of ['evaluate', 'evaluate', 'init', 'bypass']) {
  const ctx = await browser.newContext({ viewport: { width: 360, height: 740 }, bypassCSP: mode === 'bypass' });
  if (mode === 'init') await ctx.addInitScript(src);
  const page = await ctx.newPage();
  for (const p of ['/', '/dang-nhap', '/']) {
    let t0 = Date.now();
    await page.goto(s.base + p);
    const tg = Date.now() - t0; t0 = Date.now();
    if (mode === 'evaluate') await page.evaluate(src);
    if (mode === 'bypass') await page.addScriptTag({ path: 'node_modules/axe-core/axe.min.js' });
    const tl = Date.now() - t0; t0 = Date.now();
    await page.evaluate(() => axe.run(document, { runOnly: { type: 'tag', values: ['wcag2a','wcag2aa','wcag21a','wcag21aa'] }, resultTypes: ['violations'] }));
    console.log(mode, p, 'goto', tg, 'load', tl, 'run', Date.now() - t0);
  }
  await ctx.close();
}
await browser.close(); await s.stop({ ok: (c, n) => 0 });
