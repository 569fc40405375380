// form.mjs - test 4: the send form with the keyboard alone, on the phone.
// First a submission with the required fields left empty: the errors must be
// summarised at the top (links to the fields) and tied to their fields
// (aria-invalid, aria-describedby naming the element with the message),
// with what was typed kept. Then the whole form filled and sent with Tab,
// typing, arrow keys and Enter only, up to the receipt.

import { tabTo } from './pages.mjs';
import { resetFocus } from './lib/checks.mjs';
import { CODE_RE } from './flows.mjs';

// Tab to the form's submit button and press Enter; the response.
async function keyboardSubmit(page) {
	if (!await tabTo(page, 'form[action="/phan-anh/gui"] button[type="submit"]', 120))
		throw new Error('Tab never reaches the "Gửi phản ánh" button');
	const [resp] = await Promise.all([page.waitForNavigation(), page.keyboard.press('Enter')]);
	return resp;
}

async function errorsShown(t, audit, page, base) {
	await page.goto(base + '/phan-anh/gui');
	// Type only the place; leave title, body and category empty.
	if (!await tabTo(page, '#f-place', 80))
		throw new Error('Tab never reaches the place field (#f-place)');
	await page.keyboard.type('Ngõ 5 phố Hàng Bạc');
	const resp = await keyboardSubmit(page);
	t.ok(resp && resp.status() === 422, `form errors: an incomplete form answers 422 (got ${resp && resp.status()})`);
	const r = await page.evaluate(() => {
		const out = { problems: [] };
		const sum = document.querySelector('.error-summary');
		const form = document.querySelector('form[action="/phan-anh/gui"]');
		if (!sum)
			return { ...out, summary: false };
		out.summary = true;
		out.before = !!form && !!(sum.compareDocumentPosition(form) & Node.DOCUMENT_POSITION_FOLLOWING);
		out.role = sum.getAttribute('role');
		out.links = [...sum.querySelectorAll('a[href^="#"]')].map(a => ({ href: a.getAttribute('href'), text: a.textContent.trim() }));
		const invalid = [...document.querySelectorAll('[aria-invalid="true"]')];
		out.invalid = invalid.map(el => '#' + el.id);
		for (const l of out.links) {
			const target = document.getElementById(l.href.slice(1));
			if (!target)
				out.problems.push(`summary link ${l.href} ("${l.text}") points at nothing`);
			else if (!target.matches('input, select, textarea, fieldset'))
				out.problems.push(`summary link ${l.href} points at a <${target.tagName.toLowerCase()}>, not a form control`);
		}
		for (const el of invalid) {
			const ids = (el.getAttribute('aria-describedby') || '').split(/\s+/).filter(Boolean);
			const msgs = ids.map(id => document.getElementById(id)).filter(Boolean)
				.filter(m => m.classList.contains('field-error') || /Lỗi/.test(m.textContent));
			if (ids.length === 0)
				out.problems.push(`#${el.id} is aria-invalid but has no aria-describedby`);
			else if (ids.some(id => !document.getElementById(id)))
				out.problems.push(`#${el.id} aria-describedby="${ids.join(' ')}" names a missing element`);
			else if (msgs.length === 0 || !msgs.some(m => m.textContent.trim().length > 5))
				out.problems.push(`#${el.id}: none of aria-describedby="${ids.join(' ')}" holds the error message`);
			if (!out.links.some(l => l.href === '#' + el.id))
				out.problems.push(`#${el.id} is invalid but the summary does not link to it`);
		}
		out.place = document.getElementById('f-place') ? document.getElementById('f-place').value : null;
		return out;
	});
	if (!t.ok(r.summary, 'form errors: an error summary is shown', 'no .error-summary on the page'))
		return;
	t.ok(r.before, 'form errors: the summary is at the top, before the form');
	t.ok(r.role === 'alert', 'form errors: the summary is announced (role="alert")', `role="${r.role}"`);
	t.ok(r.links.length >= 3 && ['#f-title', '#f-body', '#f-category'].every(h => r.links.some(l => l.href === h)),
		`form errors: the summary links to the empty required fields (${r.links.map(l => l.href).join(' ')})`,
		r.links.map(l => `${l.href}: ${l.text}`));
	t.ok(r.invalid.length >= 3 && r.problems.length === 0,
		`form errors: each invalid field (${r.invalid.join(' ')}) is aria-invalid, described by its message and linked from the summary`, r.problems);
	t.ok(r.place === 'Ngõ 5 phố Hàng Bạc', 'form errors: what was typed is kept', `place field holds ${JSON.stringify(r.place)}`);

	// Keyboard: from the top, Tab to the first summary link and follow it.
	await resetFocus(page);
	if (await tabTo(page, '.error-summary a[href="#f-title"]', 40)) {
		await page.keyboard.press('Enter');
		await page.waitForTimeout(100);
		let at = await page.evaluate(() => document.activeElement && document.activeElement.id);
		if (at !== 'f-title') {
			// Browsers that move only the focus starting point: the next
			// Tab must then land in the title field's group.
			await page.keyboard.press('Tab');
			at = await page.evaluate(() => document.activeElement && document.activeElement.id);
		}
		t.ok(at === 'f-title', 'form errors: following the summary link with the keyboard leads to the title field', `focus on #${at}`);
	} else {
		t.ok(false, 'form errors: Tab reaches the summary link to the title field');
	}
	await audit.audit(page, '/phan-anh/gui có lỗi');
}

// What the keyboard does at each control of the form.
const KEYS = {
	'f-title': ['type', 'Vỉa hè phố Lò Sũ bị chiếm làm chỗ để xe'],
	'f-body': ['type', 'Vỉa hè trước các số nhà 20 đến 30 phố Lò Sũ bị chiếm hết để xe máy, người đi bộ phải xuống lòng đường. Đề nghị phường kiểm tra, xử lý.'],
	'f-category': ['press', 'ArrowDown'],
	'f-unit': ['press', 'ArrowDown'],
	'f-place': ['type', 'Số 20–30 phố Lò Sũ'],
	'f-name': ['type', 'Trần Văn Bình'],
	'f-email': ['type', 'binh@example.vn'],
};

async function keyboardOnly(t, audit, page, base) {
	await page.goto(base + '/phan-anh/gui');
	const stops = [];
	let sent = null;
	for (let i = 0; i < 120 && !sent; i++) {
		await page.keyboard.press('Tab');
		const f = await page.evaluate(() => {
			const el = document.activeElement;
			return { id: el.id, tag: el.tagName.toLowerCase(), type: el.getAttribute('type') || '',
				submit: el.matches('form[action="/phan-anh/gui"] button[type="submit"]') };
		});
		stops.push(f.id ? '#' + f.id : f.tag);
		const k = KEYS[f.id];
		if (k && !stops.slice(0, -1).includes('#' + f.id)) {
			if (k[0] === 'type')
				await page.keyboard.type(k[1]);
			else
				await page.keyboard.press(k[1]);
		}
		if (f.submit)
			[sent] = await Promise.all([page.waitForNavigation(), page.keyboard.press('Enter')]);
	}
	const missed = Object.keys(KEYS).filter(id => !stops.includes('#' + id));
	t.ok(missed.length === 0, 'keyboard only: Tab reaches every field of the send form', [`never focused: ${missed.join(' ')}`, `stops: ${stops.join(' ')}`]);
	const text = sent ? await page.locator('main').innerText() : '';
	t.ok(sent && sent.status() === 200 && CODE_RE.test(text),
		'keyboard only: the form is filled and sent with Tab, typing, arrows and Enter, up to the receipt',
		[`status ${sent && sent.status()} at ${page.url()}`, `stops: ${stops.join(' ')}`, ...text.split('\n').slice(0, 12)]);
}

export async function keyboardForm(t, audit, newContext, base, phone) {
	const ctx = await newContext(phone);
	try {
		const page = await ctx.newPage();
		const r = await page.goto(base + '/phan-anh/gui');
		if (!t.ok(r && r.status() === 200, 'keyboard-only form: /phan-anh/gui opens',
			`status ${r && r.status()}: the feedback pages (issue 3, src/web/page_feedback.c, page_inbox.c) are missing`))
			return;
		await t.step('form errors', () => errorsShown(t, audit, page, base));
		await t.step('keyboard only', () => keyboardOnly(t, audit, page, base));
	} finally {
		await ctx.close();
	}
}
