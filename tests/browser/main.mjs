// main.mjs - the browser suite: starts the real server (lib/server.mjs),
// launches Debian's Chromium through playwright-core (never a downloaded
// browser), runs the page tour on the phone and the desktop, the citizen and
// officer flows and the keyboard-only form, and prints TAP.
//
//   node tests/browser/main.mjs            (from the repository root)
// Environment: DANVAN_BIN (default build/asan/danvan), CHROMIUM (default
// /usr/bin/chromium), SCREENSHOTS (default build/screenshots),
// BROWSER_ONLY=pages|flows|form to run one part, BROWSER_PARALLEL=1 to run
// the page tour beside the flows, BROWSER_TIMEOUT (seconds, default 300).

import fs from 'node:fs';
import { createRequire } from 'node:module';
import { chromium } from 'playwright-core';
import { Tap, errorLines } from './lib/tap.mjs';
import { Server } from './lib/server.mjs';
import { Auditor, prepareContext } from './lib/checks.mjs';
import { pagesTour, findPublishedCode } from './pages.mjs';
import { citizenAndOfficerFlow, consultationFlow } from './flows.mjs';
import { meetingFlow } from './flows.mjs'; // meetings
import { keyboardForm } from './form.mjs';

const require = createRequire(import.meta.url);
const t = new Tap();
const only = process.env.BROWSER_ONLY || '';
const timings = [];
async function timed(name, fn) {
	const t0 = Date.now();
	try {
		await fn();
	} catch (e) {
		t.ok(false, name, errorLines(e));
	}
	timings.push(`${name} ${((Date.now() - t0) / 1000).toFixed(1)} s`);
}

const PHONE = { width: 360, height: 740 };
const DESKTOP = { width: 1280, height: 800 };

const server = new Server(process.env.DANVAN_BIN || 'build/asan/danvan');
let browser = null;
const t0 = Date.now();

// Never leave a server or a browser behind: on a signal, and when the whole
// suite takes longer than WATCHDOG_S, stop both and fail.
const WATCHDOG_S = Number(process.env.BROWSER_TIMEOUT || 300);
async function abort(why) {
	t.ok(false, `browser suite aborted: ${why}`);
	t.silence();
	if (server.proc && !server.exit) {
		server.proc.kill('SIGKILL');
		await Promise.race([server.exited, new Promise(r => setTimeout(r, 3000))]);
	}
	fs.rmSync(server.dir, { recursive: true, force: true });
	if (browser)
		await Promise.race([browser.close().catch(() => {}), new Promise(r => setTimeout(r, 3000))]);
	t.done();
	process.exit(1);
}
const watchdog = setTimeout(() => abort(`still running after ${WATCHDOG_S} s`), WATCHDOG_S * 1000);
process.on('SIGTERM', () => abort('SIGTERM'));
process.on('SIGINT', () => abort('SIGINT'));
try {
	await timed('server start', () => server.start());
	await timed('browser launch', async () => {
		browser = await chromium.launch({
			executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
			headless: true,
			args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking',
				'--disable-component-update', '--disable-sync', '--no-first-run', '--disable-quic'],
		});
		t.comment(`chromium ${browser.version()}, server ${server.base}`);
	});
	if (browser && server.base) {
		const axeSource = fs.readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');
		const audit = new Auditor(t, axeSource, process.env.SCREENSHOTS || 'build/screenshots');
		const newContext = async viewport => {
			const ctx = await browser.newContext({ viewport, locale: 'vi-VN', timezoneId: 'Asia/Ho_Chi_Minh' });
			await prepareContext(ctx, axeSource);
			ctx.setDefaultTimeout(15000);
			return ctx;
		};
		// The parts run one after the other. BROWSER_PARALLEL=1 runs the
		// page tour beside the flows and the form (each TAP line names its
		// page, so the interleaved log stays readable); on the 2-core
		// machine, which the browser and the ASan server keep busy, it
		// saved nothing measurable, so the plain order is the default.
		const tour = async () => {
			if (only && only !== 'pages')
				return;
			await timed('page tour', async () => {
				const probe = await newContext(DESKTOP);
				const extra = { publishedCode: await findPublishedCode(probe, server.base) };
				await probe.close();
				for (const vp of [PHONE, DESKTOP]) {
					const ctx = await newContext(vp);
					await pagesTour(t, audit, ctx, server.base, extra);
					await ctx.close();
				}
			});
		};
		const flows = async () => {
			if (!only || only === 'flows')
				await timed('citizen and officer flows', () => citizenAndOfficerFlow(t, audit, newContext, server.base, PHONE, DESKTOP));
			if (!only || only === 'flows') // consultations on drafts
				await timed('consultation flows', () => consultationFlow(t, audit, newContext, server.base, PHONE, DESKTOP));
			if (!only || only === 'form')
				await timed('keyboard-only form', () => keyboardForm(t, audit, newContext, server.base, PHONE));
			// meetings (docs/meetings.md)
			if (!only || only === 'flows')
				await timed('meeting flow', () => meetingFlow(t, audit, newContext, server.base, DESKTOP));
		};
		if (process.env.BROWSER_PARALLEL) {
			await Promise.all([tour(), flows()]);
		} else {
			await tour();
			await flows();
		}
		t.comment(`${audit.shots} screenshots in ${audit.shotDir}`);
		t.comment(audit.summary());
	}
} catch (e) {
	t.ok(false, 'browser suite', errorLines(e));
} finally {
	if (browser)
		await browser.close().catch(() => {});
	await server.stop(t).catch(e => t.ok(false, 'server stop', errorLines(e)));
}
clearTimeout(watchdog);
timings.push(`total ${((Date.now() - t0) / 1000).toFixed(1)} s`);
t.comment('timings: ' + timings.join(', '));
process.exit(t.done() ? 0 : 1);
