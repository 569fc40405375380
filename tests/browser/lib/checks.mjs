// checks.mjs - what every page visited by the browser suite must pass, and
// the screenshot taken of it. audit() runs, on the page as it is now:
//   focus   Tab through the whole page: every element that takes focus is on
//           screen and shows an outline or a box-shadow (computed styles)
//   axe     axe-core with the WCAG 2.0/2.1 A and AA rules: zero violations
//   scroll  on the phone: no sideways scrolling (scrollWidth <= innerWidth)
//   size    the document plus its stylesheets under 60 KB before compression
//   load    no Content-Security-Policy violation and no failed subresource
// and saves a full-page screenshot to build/screenshots/.
//
// axe-core is put into every page as a DevTools init script
// (context.addInitScript, i.e. Page.addScriptToEvaluateOnNewDocument), which
// the page's Content-Security-Policy does not govern, so the tests keep the
// site's CSP fully enforced (see docs/browser-tests.md for why this is used
// instead of bypassCSP).

import fs from 'node:fs';
import path from 'node:path';

export const SIZE_LIMIT = 60 * 1024;
const AXE_TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'];
const MAX_TAB_STOPS = 400;

// Set up a new browser context: axe-core and a recorder of CSP violations
// in every document it opens.
export async function prepareContext(ctx, axeSource) {
	await ctx.addInitScript(axeSource);
	await ctx.addInitScript(CSP_RECORDER);
}

const CSP_RECORDER = `
	window.__danvanCsp = [];
	document.addEventListener('securitypolicyviolation', e => {
		window.__danvanCsp.push(e.violatedDirective + ' blocked ' + (e.blockedURI || 'inline') +
			(e.sourceFile ? ' at ' + e.sourceFile + ':' + e.lineNumber : ''));
	});
`;

// Put the sequential focus starting point at the top of the document, so the
// next Tab goes to the first focusable element whatever happened before (a
// click, a #fragment in the URL): focus <body> for a moment through a
// temporary tabindex, which is removed at once.
export async function resetFocus(page) {
	await page.evaluate(() => {
		const b = document.body;
		const had = b.hasAttribute('tabindex');
		if (!had)
			b.setAttribute('tabindex', '-1');
		b.focus({ preventScroll: true });
		if (!had)
			b.removeAttribute('tabindex');
		window.scrollTo(0, 0);
	});
}

// A function that presses Tab n times. Through a DevTools session the key
// events of a batch are sent without waiting for each round trip (the
// renderer still handles them one after the other, in order); playwright's
// keyboard.press would wait for each. tab(0, true) ends the session.
async function tabPresser(page) {
	let cdp = null;
	try {
		cdp = await page.context().newCDPSession(page);
	} catch {
		cdp = null;
	}
	const key = { key: 'Tab', code: 'Tab', windowsVirtualKeyCode: 9, nativeVirtualKeyCode: 9 };
	return async (n, done) => {
		if (done) {
			if (cdp)
				await cdp.detach().catch(() => {});
			return;
		}
		if (!cdp) {
			for (let i = 0; i < n; i++)
				await page.keyboard.press('Tab');
			return;
		}
		const sent = [];
		for (let i = 0; i < n; i++) {
			sent.push(cdp.send('Input.dispatchKeyEvent', { type: 'rawKeyDown', ...key }));
			sent.push(cdp.send('Input.dispatchKeyEvent', { type: 'keyUp', ...key }));
		}
		await Promise.all(sent);
	};
}

export function viewportName(page) {
	const v = page.viewportSize();
	return v && v.width < 700 ? 'phone' : 'desktop';
}

function slug(name) {
	const s = name.normalize('NFD').replace(/[\u0300-\u036f]/g, '').replace(/đ/g, 'd').replace(/Đ/g, 'D')
		.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-+|-+$/g, '');
	return s || 'trang-chu';
}

export class Auditor {
	// tap: a Tap; axeSource: the text of axe.min.js; shotDir: where the
	// screenshots go (created).
	constructor(tap, axeSource, shotDir) {
		this.tap = tap;
		this.axeSource = axeSource;
		this.shotDir = shotDir;
		this.cssSizes = new Map();
		this.shots = 0;
		this.pages = 0;
		this.ms = {};
		fs.mkdirSync(shotDir, { recursive: true });
	}

	// All the checks on the page as it is; name says which page it is
	// ("/dang-nhap", "biên nhận"). opts.focus = false skips the Tab walk
	// (for a page a flow already walked with the keyboard).
	async audit(page, name, opts = {}) {
		const vp = viewportName(page);
		const label = `${vp} ${name}`;
		if (opts.focus !== false)
			await this.timed('focus', `focus visible: ${label}`, () => this.focus(page, label));
		// Undo what the Tab walk scrolled (the window and boxes such as a
		// .table-wrap), so the screenshot shows the page as it opens.
		await page.evaluate(() => {
			if (document.activeElement && document.activeElement !== document.body)
				document.activeElement.blur();
			for (const el of document.body.querySelectorAll('*')) {
				if (el.scrollLeft || el.scrollTop) {
					el.scrollLeft = 0;
					el.scrollTop = 0;
				}
			}
			window.scrollTo(0, 0);
		});
		await this.timed('axe', `axe: ${label}`, () => this.axe(page, label));
		if (vp === 'phone')
			await this.timed('scroll', `no sideways scroll: ${label}`, () => this.scroll(page, label));
		await this.timed('size', `size: ${label}`, () => this.size(page, label, opts.sizeKB));
		await this.timed('load', `loads cleanly: ${label}`, () => this.load(page, label));
		await this.timed('screenshot', `screenshot: ${label}`, () => this.screenshot(page, vp, name));
		this.pages++;
	}

	async timed(check, name, fn) {
		const t0 = Date.now();
		await this.tap.step(name, fn);
		this.ms[check] = (this.ms[check] || 0) + Date.now() - t0;
	}

	// "18 pages audited: focus 6.1 s, axe 4.4 s, ..." for the log.
	summary() {
		const parts = Object.entries(this.ms).map(([k, v]) => `${k} ${(v / 1000).toFixed(1)} s`);
		return `${this.pages} page audits: ${parts.join(', ')}`;
	}

	async axe(page, label) {
		if (!await page.evaluate(() => typeof window.axe === 'object'))
			await page.evaluate(this.axeSource);
		const violations = await page.evaluate(async tags => {
			const r = await window.axe.run(document, {
				runOnly: { type: 'tag', values: tags },
				resultTypes: ['violations'],
			});
			return r.violations.map(v => ({
				id: v.id, impact: v.impact, help: v.help,
				nodes: v.nodes.map(n => ({
					target: n.target.join(' '),
					html: n.html.slice(0, 160),
					summary: (n.failureSummary || '').split('\n').slice(1, 3).map(s => s.trim()).join(' / '),
				})),
			}));
		}, AXE_TAGS);
		const lines = [];
		for (const v of violations) {
			for (const n of v.nodes.slice(0, 8)) {
				lines.push(`${label}: ${v.id} (${v.impact}) ${v.help}`);
				lines.push(`    target ${n.target}   ${n.html}`);
				if (n.summary)
					lines.push(`    ${n.summary}`);
			}
			if (v.nodes.length > 8)
				lines.push(`    ... and ${v.nodes.length - 8} more elements`);
		}
		this.tap.ok(violations.length === 0, `axe: ${label}: ${violations.length ? violations.map(v => v.id).join(', ') : 'no WCAG 2.1 A/AA violation'}`, lines);
		return violations;
	}

	async scroll(page, label) {
		const r = await page.evaluate(() => {
			const iw = window.innerWidth;
			const sw = document.documentElement.scrollWidth;
			const wide = [];
			if (sw > iw) {
				// Inside a box that clips it: an ancestor with overflow
				// other than visible, that is also (roughly) its
				// containing block when it is absolutely positioned.
				const clipped = el => {
					let abs = ['absolute', 'fixed'].includes(getComputedStyle(el).position);
					for (let p = el.parentElement; p && p !== document.body; p = p.parentElement) {
						const cs = getComputedStyle(p);
						if (cs.overflowX !== 'visible' && (!abs || cs.position !== 'static'))
							return true;
						if (abs && cs.position !== 'static')
							abs = ['absolute', 'fixed'].includes(cs.position);
					}
					return false;
				};
				for (const el of document.body.querySelectorAll('*')) {
					const b = el.getBoundingClientRect();
					if (b.right > iw + 0.5 && !clipped(el)) {
						const cls = typeof el.className === 'string' && el.className ? '.' + el.className.trim().split(/\s+/).join('.') : '';
						wide.push(`${el.tagName.toLowerCase()}${el.id ? '#' + el.id : ''}${cls} right edge ${Math.round(b.right)}px`);
					}
				}
			}
			return { iw, sw, wide };
		});
		this.tap.ok(r.sw <= r.iw, `no sideways scroll: ${label} (${r.sw}px of ${r.iw}px)`,
			[`${label}: document is ${r.sw}px wide in a ${r.iw}px window; widest elements:`, ...r.wide.slice(0, 12)]);
	}

	// limitKB: a page's own budget (the default SIZE_LIMIT otherwise)
	async size(page, label, limitKB) {
		const limit = limitKB ? limitKB * 1024 : SIZE_LIMIT;
		const r = await page.evaluate(() => {
			const nav = performance.getEntriesByType('navigation')[0];
			const res = performance.getEntriesByType('resource');
			const sheets = [...document.querySelectorAll('link[rel~="stylesheet"]')].map(l => l.href);
			return {
				doc: nav ? nav.decodedBodySize : 0,
				html: document.documentElement.outerHTML.length,
				sheets: sheets.map(h => {
					const e = res.find(x => x.name === h);
					return { href: h, size: e ? e.decodedBodySize : 0 };
				}),
			};
		});
		let total = r.doc || Buffer.byteLength(await page.content());
		const parts = [`document ${total} B`];
		for (const s of r.sheets) {
			let n = s.size;
			if (!n) {
				if (!this.cssSizes.has(s.href)) {
					const resp = await page.context().request.get(s.href);
					this.cssSizes.set(s.href, (await resp.body()).length);
				}
				n = this.cssSizes.get(s.href);
			}
			total += n;
			parts.push(`${s.href.replace(/^https?:\/\/[^/]+/, '')} ${n} B`);
		}
		const kb = (total / 1024).toFixed(1);
		this.tap.ok(total <= limit, `size: ${label}: HTML+CSS ${kb} KB (limit ${limit / 1024} KB)`,
			`${label}: ${parts.join(' + ')} = ${total} B, over ${limit} B`);
	}

	async load(page, label) {
		const r = await page.evaluate(() => ({
			csp: window.__danvanCsp || [],
			failed: performance.getEntriesByType('resource')
				.filter(e => e.responseStatus >= 400)
				.map(e => `${e.name} answered ${e.responseStatus}`),
		}));
		const lines = [...r.csp.map(c => `CSP: ${c}`), ...r.failed];
		this.tap.ok(lines.length === 0, `loads cleanly: ${label}: no CSP violation, no failed subresource`,
			lines.map(l => `${label}: ${l}`));
	}

	async screenshot(page, vp, name) {
		this.shots++;
		const file = path.join(this.shotDir, `${vp}-${slug(name)}.png`);
		await page.screenshot({ path: file, fullPage: true });
	}

	// Tab from the top of the page to the end. Every stop must show an
	// outline or a box-shadow and lie inside the page (not parked off screen
	// like an unstyled skip link). A focusin listener measures each element
	// the moment it gets focus, so Tab is pressed in batches and the page is
	// read once per batch.
	async focus(page, label) {
		await resetFocus(page);
		await page.evaluate(() => {
			window.__danvanStops = [];
			window.__danvanSeen = new Set();
			window.__danvanEnd = false;
			if (window.__danvanFocusin)
				return;
			window.__danvanFocusin = true;
			const alpha = c => {
				const m = c.match(/rgba?\(([^)]+)\)/);
				if (!m)
					return c === 'transparent' ? 0 : 1;
				const p = m[1].split(/[ ,/]+/).filter(Boolean);
				return p.length > 3 ? parseFloat(p[3]) : 1;
			};
			document.addEventListener('focusin', e => {
				const el = e.target;
				if (window.__danvanEnd || !window.__danvanStops)
					return;
				if (window.__danvanSeen.has(el)) {
					window.__danvanEnd = true;
					return;
				}
				window.__danvanSeen.add(el);
				const cs = getComputedStyle(el);
				const outline = cs.outlineStyle !== 'none' && parseFloat(cs.outlineWidth) >= 1 && alpha(cs.outlineColor) > 0;
				const shadow = !!cs.boxShadow && cs.boxShadow !== 'none';
				const b = el.getBoundingClientRect();
				const x = b.left + window.scrollX, y = b.top + window.scrollY;
				const inPage = b.width > 0 && b.height > 0 && x + b.width > 0 && y + b.height > 0 &&
					x < document.documentElement.scrollWidth;
				const text = (el.getAttribute('aria-label') || el.textContent || el.getAttribute('name') || '').trim().replace(/\s+/g, ' ').slice(0, 40);
				const attr = n => el.getAttribute(n) ? `[${n}="${el.getAttribute(n)}"]` : '';
				window.__danvanStops.push({
					outline, shadow, inPage,
					desc: `${el.tagName.toLowerCase()}${el.id ? '#' + el.id : ''}${attr('href')}${attr('name')} "${text}"`,
					style: `outline ${cs.outlineStyle} ${cs.outlineWidth} ${cs.outlineColor}; box-shadow ${cs.boxShadow}`,
				});
			}, true);
		});
		const BATCH = 10;
		const tab = await tabPresser(page);
		let presses = 0;
		let st = { n: 0, end: false };
		while (!st.end && presses < MAX_TAB_STOPS) {
			await tab(BATCH);
			presses += BATCH;
			st = await page.evaluate(() => {
				const a = document.activeElement;
				if (!a || a === document.body || a === document.documentElement)
					window.__danvanEnd = true;
				return { n: window.__danvanStops.length, end: window.__danvanEnd };
			});
		}
		await tab(0, true);
		const stops = await page.evaluate(() => {
			const s = window.__danvanStops;
			window.__danvanStops = null;
			return s;
		});
		const bad = [];
		stops.forEach((s, i) => {
			if (!(s.outline || s.shadow))
				bad.push(`${label}: tab stop ${i + 1} ${s.desc} has no visible focus indicator (${s.style})`);
			else if (!s.inPage)
				bad.push(`${label}: tab stop ${i + 1} ${s.desc} is focused outside the page`);
		});
		this.tap.ok(bad.length === 0 && stops.length > 0, `focus visible: ${label}: ${stops.length} tab stops`,
			stops.length === 0 ? [`${label}: Tab reaches nothing`] : bad);
	}
}
