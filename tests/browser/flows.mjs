// flows.mjs - tests 2 and 3: a citizen on the phone sends feedback with a
// photo, keeps the receipt (code, secret, QR), tracks it; officers on the
// desktop take it through intake (tiếp nhận, assign), handling (xử lý,
// answer) and a leader's approval (publish); the citizen then reads the
// published answer and rates it. Every page on the way is audited.

import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { login, logout } from './pages.mjs';
import { makePng } from './lib/png.mjs';

export const CODE_RE = /\b([2-9A-HJKMNP-RT-Y]{4}-[2-9A-HJKMNP-RT-Y]{4})\b/;
const SECRET_RE = /\b([a-z2-7]{26})\b/;

const ITEM = {
	title: 'Đèn đường hỏng trước số 12 phố Hàng Bạc',
	body: 'Từ tối thứ Hai, ba cột đèn đường trước số 12 phố Hàng Bạc không sáng. Buổi tối rất tối, người già và trẻ em đi lại khó khăn. Đề nghị phường kiểm tra, sửa chữa sớm.',
	place: 'Trước số 12 phố Hàng Bạc, phường Hoàn Kiếm',
	name: 'Nguyễn Thị Lan',
	phone: '0912 345 678',
	unit: '00070',
};
const ANSWER = {
	text: 'Ngày 02/12, Tổ quản lý chiếu sáng đã thay bóng và sửa dây cấp điện cho ba cột đèn trước số 12 phố Hàng Bạc; đèn đã sáng bình thường từ tối cùng ngày.',
	basis: 'Quyết định số 15/2025/QĐ-UBND về quản lý hệ thống chiếu sáng công cộng.',
	next: 'Nếu đèn tiếp tục hỏng, người dân báo qua Cổng dân vận hoặc số điện thoại 024 3825 0000.',
};

// Click and wait for the page it leads to; returns the response.
export async function follow(page, locator) {
	const [resp] = await Promise.all([page.waitForNavigation(), locator.click()]);
	return resp;
}

function pathOf(page) {
	return new URL(page.url()).pathname;
}

// The status class of the item's badge on a case or item page.
async function statusBadge(page) {
	return page.evaluate(() => {
		const b = document.querySelector('.fb-code .badge');
		return b ? { cls: b.className, text: b.textContent.trim() } : { cls: '', text: '(no status badge)' };
	});
}

// The citizen's part until the receipt and the first look-up.
async function citizenSends(t, audit, page, base, state) {
	const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'danvan-photo-'));
	try {
		return await sendWithPhoto(t, audit, page, base, state, path.join(dir, 'den-duong-hang-bac.png'));
	} finally {
		fs.rmSync(dir, { recursive: true, force: true });
	}
}

async function sendWithPhoto(t, audit, page, base, state, pngPath) {
	fs.writeFileSync(pngPath, makePng(320, 240));
	await page.goto(base + '/');
	const link = page.locator('main a[href="/phan-anh/gui"]').first();
	if (!t.ok(await link.count() === 1, 'citizen: the home page links to the send form', 'no link to /phan-anh/gui in <main>'))
		return false;
	let resp = await follow(page, link);
	if (!t.ok(resp && resp.status() === 200 && pathOf(page) === '/phan-anh/gui', 'citizen: the send form opens from the home page',
		`at ${page.url()}, status ${resp && resp.status()}: are the feedback pages (issue 3, src/web/page_feedback.c) routed?`))
		return false;
	await page.fill('#f-title', ITEM.title);
	await page.fill('#f-body', ITEM.body);
	const cat = await page.$eval('#f-category', s => {
		const opts = [...s.options].filter(o => o.value);
		const o = opts.find(x => /chiếu sáng|đô thị|hạ tầng/i.test(x.textContent)) || opts[0];
		return o ? o.value : null;
	});
	if (!t.ok(!!cat, 'citizen: the form offers categories', 'the category list is empty'))
		return false;
	await page.selectOption('#f-category', cat);
	if (await page.locator(`#f-unit option[value="${ITEM.unit}"]`).count())
		await page.selectOption('#f-unit', ITEM.unit);
	await page.fill('#f-place', ITEM.place);
	await page.setInputFiles('#f-files', pngPath);
	await page.fill('#f-name', ITEM.name);
	await page.fill('#f-phone', ITEM.phone);
	resp = await follow(page, page.locator('form[action="/phan-anh/gui"] button[type="submit"]'));
	const text = await page.locator('main').innerText();
	const code = (text.match(CODE_RE) || [])[1];
	const secret = (text.match(SECRET_RE) || [])[1];
	if (!t.ok(resp && resp.status() < 300 && code && secret, 'citizen: sending with a photo gives a receipt with the tracking code and the secret',
		[`status ${resp && resp.status()} at ${page.url()}`, ...text.split('\n').slice(0, 15)]))
		return false;
	state.code = code;
	state.secret = secret;
	const qr = await page.evaluate(() => {
		const svg = document.querySelector('main svg');
		return svg ? { n: svg.querySelectorAll('*').length, w: svg.getBoundingClientRect().width } : null;
	});
	t.ok(qr && qr.n > 0 && qr.w >= 100, `citizen: the receipt shows the QR code as an inline <svg> (${qr ? Math.round(qr.w) + 'px wide' : 'none'})`,
		'no <svg> with content at least 100px wide in <main>');
	state.trackHref = await page.evaluate(code => {
		const a = [...document.querySelectorAll('main a[href]')].find(x => x.getAttribute('href').startsWith('/phan-anh/' + code));
		return a ? a.getAttribute('href') : null;
	}, code);
	t.ok(state.trackHref && state.trackHref.includes(secret), 'citizen: the receipt links to the item with the secret',
		`link: ${state.trackHref}`);
	await audit.audit(page, 'biên nhận');

	// Track it: the look-up form, by code typed loosely (lower case, no dash).
	await follow(page, page.locator('a[href="/tra-cuu"]').first());
	if (!t.ok(pathOf(page) === '/tra-cuu', 'citizen: the site links to the look-up page', `at ${page.url()}`))
		return false;
	await page.fill('#f-code', code.replace('-', '').toLowerCase());
	resp = await follow(page, page.locator('form[action="/tra-cuu"] button[type="submit"]'));
	const shown = await page.locator('main').innerText();
	t.ok(resp && resp.status() === 200 && shown.includes(ITEM.title) && shown.includes(code),
		'citizen: looking up the code typed as "' + code.replace('-', '').toLowerCase() + '" shows the item',
		[`status ${resp && resp.status()} at ${page.url()}`, ...shown.split('\n').slice(0, 10)]);
	const img = page.locator('main img[src*="/tep/"]').first();
	let photo = null;
	if (await img.count()) {
		await img.scrollIntoViewIfNeeded();
		await page.waitForFunction(el => el.complete, await img.elementHandle(), { timeout: 5000 }).catch(() => {});
		photo = await img.evaluate(el => ({ w: el.naturalWidth, h: el.naturalHeight, alt: el.alt }));
	}
	t.ok(photo && photo.w === 320 && photo.h === 240 && photo.alt.length > 0,
		'citizen: the photo sent is on the item page (320×240, with an alt text)',
		photo ? `image ${photo.w}×${photo.h}, alt "${photo.alt}"` : 'no <img> of an attachment in <main>');
	await audit.audit(page, 'tra cứu: phản ánh vừa gửi');
	return true;
}

// One officer opens the case from the inbox. Returns true when on the case.
async function openCase(t, audit, page, base, who, code, auditInbox) {
	await login(page, base, who);
	let resp = await page.goto(base + '/quan-ly');
	const inboxLink = page.locator('main a[href="/quan-ly/phan-anh"]').first();
	if (!t.ok(await inboxLink.count() === 1, `${who}: the officer home links to the inbox`, 'no link to /quan-ly/phan-anh'))
		return false;
	resp = await follow(page, inboxLink);
	if (!t.ok(resp && resp.status() === 200, `${who}: the inbox opens`, `status ${resp && resp.status()}`))
		return false;
	if (auditInbox)
		await audit.audit(page, `hộp phản ánh (${who})`);
	let caseLink = page.locator(`main a[href="/quan-ly/phan-anh/${code}"]`).first();
	if (await caseLink.count() === 0) {
		await page.goto(base + '/quan-ly/phan-anh?q=' + encodeURIComponent(code));
		caseLink = page.locator(`main a[href="/quan-ly/phan-anh/${code}"]`).first();
	}
	if (!t.ok(await caseLink.count() === 1, `${who}: the new item is in the inbox`, `no link to /quan-ly/phan-anh/${code}`))
		return false;
	resp = await follow(page, caseLink);
	return t.ok(resp && resp.status() === 200 && pathOf(page) === `/quan-ly/phan-anh/${code}`,
		`${who}: the case page opens from the inbox`, `status ${resp && resp.status()} at ${page.url()}`);
}

// Open the <details> of an action by its summary text, then return the form.
async function actionForm(page, summary, type) {
	const d = page.locator('details.fb-action', { has: page.locator('summary', { hasText: summary }) }).first();
	if (await d.count() === 0)
		throw new Error(`no action "${summary}" on the case page`);
	if (!await d.evaluate(el => el.open))
		await d.locator('summary').click();
	return d.locator(`form:has(input[name="type"][value="${type}"])`);
}

async function officers(t, audit, page, base, state) {
	const code = state.code;
	// Intake: assign to the ward's People's Committee, where the handler works.
	if (!await openCase(t, audit, page, base, 'tiepnhan.hoankiem', code, true))
		return false;
	await audit.audit(page, 'hồ sơ: mới tiếp nhận');
	let form = await actionForm(page, 'Chuyển đơn vị xử lý', 'assign');
	const unit = await form.locator('select[name="unit"]').evaluate(s => {
		const o = [...s.options].find(x => x.value === '00070-UBND') || [...s.options].find(x => x.value);
		return o ? o.value : null;
	});
	await form.locator('select[name="unit"]').selectOption(unit);
	await form.locator('textarea[name="text"]').fill('Đề nghị UBND phường kiểm tra, sửa đèn trong tuần.');
	let resp = await follow(page, form.locator('button[type="submit"]'));
	let b = await statusBadge(page);
	if (!t.ok(resp && resp.status() < 400 && /badge-assigned/.test(b.cls), `tiepnhan.hoankiem: assigning to ${unit} makes the item "${b.text}"`,
		[`status ${resp && resp.status()} at ${page.url()}, badge ${b.cls}`, ...(await page.locator('main').innerText()).split('\n').slice(0, 8)]))
		return false;
	await logout(page, base);

	// Handling: draft the answer.
	if (!await openCase(t, audit, page, base, 'xuly.hoankiem', code, false))
		return false;
	form = await actionForm(page, 'Soạn câu trả lời', 'answer');
	const result = await form.locator('select[name="result"]').evaluate(s => {
		const o = [...s.options].find(x => x.value);
		return o ? o.value : null;
	});
	if (result)
		await form.locator('select[name="result"]').selectOption(result);
	await form.locator('textarea[name="text"]').fill(ANSWER.text);
	await form.locator('textarea[name="basis"]').fill(ANSWER.basis);
	await form.locator('textarea[name="next_steps"]').fill(ANSWER.next);
	resp = await follow(page, form.locator('button[type="submit"]'));
	b = await statusBadge(page);
	if (!t.ok(resp && resp.status() < 400 && /badge-answered/.test(b.cls), `xuly.hoankiem: the drafted answer makes the item "${b.text}"`,
		[`status ${resp && resp.status()} at ${page.url()}, badge ${b.cls}`, ...(await page.locator('main').innerText()).split('\n').slice(0, 8)]))
		return false;
	await audit.audit(page, 'hồ sơ: dự thảo trả lời');
	await logout(page, base);

	// The leader approves and publishes.
	if (!await openCase(t, audit, page, base, 'lanhdao.hoankiem', code, false))
		return false;
	form = await actionForm(page, 'Duyệt và công bố', 'publish');
	resp = await follow(page, form.locator('button[type="submit"]'));
	b = await statusBadge(page);
	if (!t.ok(resp && resp.status() < 400 && /badge-published/.test(b.cls), `lanhdao.hoankiem: approving makes the item "${b.text}"`,
		[`status ${resp && resp.status()} at ${page.url()}, badge ${b.cls}`, ...(await page.locator('main').innerText()).split('\n').slice(0, 8)]))
		return false;
	await audit.audit(page, 'hồ sơ: đã công bố');
	await logout(page, base);

	// Anyone (a fresh visitor) sees the answer on the item's public page.
	const anon = await page.context().browser().newContext({ viewport: page.viewportSize() });
	try {
		const p = await anon.newPage();
		resp = await p.goto(`${base}/phan-anh/${code}`);
		const txt = await p.locator('main').innerText();
		t.ok(resp.status() === 200 && txt.includes(ANSWER.text) && !txt.includes(ITEM.phone) && !txt.includes(ITEM.name),
			'the public page of the item shows the published answer, without the sender\'s contact',
			txt.split('\n').slice(0, 20));
		resp = await p.goto(`${base}/phan-anh`);
		t.ok(await p.locator(`main a[href="/phan-anh/${code}"]`).count() >= 1, 'the item is listed on /phan-anh (published items)',
			`no link to /phan-anh/${code} on /phan-anh`);
	} finally {
		await anon.close();
	}
	return true;
}

async function citizenRates(t, audit, page, base, state) {
	let resp = await page.goto(base + state.trackHref);
	const txt = await page.locator('main').innerText();
	if (!t.ok(resp.status() === 200 && txt.includes(ANSWER.text) && txt.includes(ANSWER.basis),
		'citizen: the tracking link shows the published answer and its basis', txt.split('\n').slice(0, 20)))
		return false;
	const form = page.locator(`form[action="/phan-anh/${state.code}/danh-gia"]`);
	if (!t.ok(await form.count() === 1, 'citizen: the sender (with the secret) is offered the rating form', 'no rating form'))
		return false;
	await audit.audit(page, 'câu trả lời và đánh giá');
	await form.locator('input[name="score"][value="5"]').check();
	await form.locator('textarea[name="comment"]').fill('Cảm ơn phường đã xử lý nhanh.');
	resp = await follow(page, form.locator('button[type="submit"]'));
	const after = await page.locator('main').innerText();
	t.ok(resp && resp.status() < 400 && /5\s*\/\s*5/.test(after) && await page.locator(`form[action="/phan-anh/${state.code}/danh-gia"]`).count() === 0,
		'citizen: rating 5/5 is recorded and shown, and the form is gone',
		[`status ${resp && resp.status()} at ${page.url()}`, ...after.split('\n').slice(0, 20)]);
	await audit.audit(page, 'sau khi đánh giá');
	return true;
}

export async function citizenAndOfficerFlow(t, audit, newContext, base, phone, desktop) {
	const citizen = await newContext(phone);
	const officer = await newContext(desktop);
	const state = {};
	try {
		const cp = await citizen.newPage();
		const op = await officer.newPage();
		if (!await t.step('citizen sends feedback', () => citizenSends(t, audit, cp, base, state)))
			return t.ok(false, 'the citizen and officer flow stops: no receipt', 'see the failures above');
		if (!await t.step('officers handle the item', () => officers(t, audit, op, base, state)))
			return t.ok(false, 'the flow stops: the officers could not publish an answer', 'see the failures above');
		await t.step('citizen reads and rates', () => citizenRates(t, audit, cp, base, state));
	} finally {
		await citizen.close();
		await officer.close();
	}
}

// --- meetings (docs/meetings.md) -------------------------------------------------
// A leader on the desktop plans a voter contact meeting, holds it, records
// its petitions as a pasted table and one by one, drafts and approves the
// minutes; the public page then shows the petitions and the minutes, and
// no speaker.
function localInput(days, hour) {
	const d = new Date(Date.now() + 7 * 3600e3 + days * 86400e3); // Vietnam time, as UTC fields
	const p = n => String(n).padStart(2, '0');
	return `${d.getUTCFullYear()}-${p(d.getUTCMonth() + 1)}-${p(d.getUTCDate())}T${p(hour)}:00`;
}

async function firstOption(select) {
	return select.evaluate(s => {
		const o = [...s.options].find(x => x.value);
		return o ? o.value : null;
	});
}

async function meetingSteps(t, audit, page, base) {
	await login(page, base, 'lanhdao.hoankiem');
	await page.goto(base + '/quan-ly/hoi-nghi');
	const plan = page.locator('form[action="/quan-ly/hoi-nghi"][method="post"]');
	await plan.locator('select[name="kind"]').selectOption('voter_contact');
	await plan.locator('input[name="title"]').fill('Tiếp xúc cử tri tổ dân phố số 4 trước kỳ họp');
	await plan.locator('select[name="unit"]').selectOption('00070');
	await plan.locator('input[name="starts_at"]').fill(localInput(9, 8));
	await plan.locator('input[name="ends_at"]').fill(localInput(9, 11));
	await plan.locator('input[name="place"]').fill('Nhà văn hóa tổ dân phố số 4, phố Mã Mây');
	await plan.locator('textarea[name="hosts"]').fill('Nguyễn Thị Hoà\nĐại biểu Trần Văn An');
	let resp = await follow(page, plan.locator('button[type="submit"]'));
	const m = /\/quan-ly\/hoi-nghi\/(\d+)$/.exec(new URL(page.url()).pathname);
	if (!t.ok(resp && resp.status() < 400 && m, 'lanhdao.hoankiem plans a voter contact meeting', `status ${resp && resp.status()} at ${page.url()}`))
		return false;
	const id = m[1];
	await audit.audit(page, 'hội nghị: mới lên kế hoạch');

	let form = page.locator('form:has(input[name="type"][value="hold"])');
	await form.locator('input[name="attendance"]').fill('152');
	resp = await follow(page, form.locator('button[type="submit"]'));
	t.ok(resp && resp.status() < 400 && /badge-held/.test(await page.locator('.fb-code .badge').first().getAttribute('class')),
		'the meeting is held', `at ${page.url()}`);

	// the batch: a table pasted from a spreadsheet
	const batch = page.locator('details.fb-action', { has: page.locator('summary', { hasText: 'Ghi nhận nhiều kiến nghị' }) });
	await batch.locator('summary').click();
	await batch.locator('textarea[name="batch"]').fill(
		'Ngập úng phố Mã Mây khi mưa lớn | Mỗi khi mưa lớn phố Mã Mây ngập sâu, đề nghị nạo vét cống. | Lê Thị Mai | 0912345670\n' +
		'Rác thải để sai giờ ở ngõ Gia Ngư | Nhiều hộ để rác ra ngõ từ chiều, đề nghị nhắc nhở và xử lý. | Phạm Văn Bình |');
	const cat = batch.locator('select[name="category"]');
	await cat.selectOption(await firstOption(cat));
	resp = await follow(page, batch.locator('button[type="submit"]'));
	t.ok(resp && resp.status() < 400 && await page.locator('text=Ngập úng phố Mã Mây khi mưa lớn').count() > 0,
		'two petitions recorded from a pasted table', `status ${resp && resp.status()} at ${page.url()}`);

	// one more, one by one
	const one = page.locator('details.fb-action', { has: page.locator('summary', { hasText: 'Ghi nhận một kiến nghị' }) });
	await one.locator('summary').click();
	await one.locator('input[name="title"]').fill('Thiếu chỗ sinh hoạt cho người cao tuổi');
	await one.locator('textarea[name="body"]').fill('Tổ dân phố số 4 chưa có chỗ sinh hoạt chung cho người cao tuổi, đề nghị bố trí.');
	const cat1 = one.locator('select[name="category"]');
	await cat1.selectOption(await firstOption(cat1));
	await one.locator('input[name="speaker_name"]').fill('Đỗ Văn Cường');
	resp = await follow(page, one.locator('button[type="submit"]'));
	t.ok(resp && resp.status() < 400 && await page.locator('text=Thiếu chỗ sinh hoạt cho người cao tuổi').count() > 0,
		'a petition recorded one by one', `status ${resp && resp.status()} at ${page.url()}`);
	await audit.audit(page, 'hội nghị: đã ghi nhận kiến nghị');

	form = page.locator('form:has(input[name="type"][value="minutes"])');
	await form.locator('textarea[name="text"]').fill('Biên bản: 152 cử tri dự; 3 kiến nghị về ngập úng, rác thải và chỗ sinh hoạt người cao tuổi.');
	resp = await follow(page, form.locator('button[type="submit"]'));
	t.ok(resp && resp.status() < 400, 'the minutes are drafted', `at ${page.url()}`);
	form = page.locator('form:has(input[name="type"][value="approve_minutes"])');
	resp = await follow(page, form.locator('button[type="submit"]'));
	t.ok(resp && resp.status() < 400 && /badge-closed/.test(await page.locator('.fb-code .badge').first().getAttribute('class')),
		'a leader approves the minutes: the meeting is closed', `at ${page.url()}`);

	await logout(page, base);
	await page.goto(`${base}/hoi-nghi/${id}`);
	const text = await page.locator('main').innerText();
	t.ok(/3\s*kiến nghị/.test(text) && text.includes('Biên bản: 152 cử tri dự'), 'the public page shows the petitions and the approved minutes', text.split('\n').slice(0, 12));
	t.ok(!/Lê Thị Mai|0912345670|Đỗ Văn Cường|Phạm Văn Bình/.test(await page.content()), 'no speaker on the public page');
	await audit.audit(page, '/hoi-nghi/{id} sau hội nghị');
	return true;
}

export async function meetingFlow(t, audit, newContext, base, desktop) {
	const ctx = await newContext(desktop);
	try {
		const page = await ctx.newPage();
		await t.step('a leader records a meeting\'s petitions and approves its minutes', () => meetingSteps(t, audit, page, base));
	} finally {
		await ctx.close();
	}
}
