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
// emulation and commendation
import { emulationFlow } from './emulation.mjs';

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
		await t.step('citizen books a reception', () => citizenBooksReception(t, audit, cp, base)); // citizen reception
	} finally {
		await citizen.close();
		await officer.close();
	}
}

// --- citizen reception (issue 13) ----------------------------------------------
// On the phone: /tiep-cong-dan, a session chosen, the form sent first with
// an error (the summary, focus-linked), then right; the receipt shows the
// code, the secret and the QR code; its link opens the booking's status.
async function citizenBooksReception(t, audit, page, base) {
	let resp = await page.goto(base + '/tiep-cong-dan');
	if (!t.ok(resp.status() === 200, 'reception: /tiep-cong-dan opens on the phone', `status ${resp.status()}`))
		return false;
	const form = page.locator('form[action="/tiep-cong-dan"]');
	if (!t.ok(await form.count() === 1, 'reception: the booking form is there', 'no form: no upcoming session in the demo data'))
		return false;
	const options = await page.locator('#f-meeting option').evaluateAll(os => os.filter(o => o.value && !/hết chỗ/.test(o.textContent)).map(o => o.value));
	if (!t.ok(options.length > 0, 'reception: an open session is offered', 'every session is full'))
		return false;
	await page.selectOption('#f-meeting', options[0]);
	await page.fill('#f-name', 'Trần Văn Bình');
	await page.fill('#f-phone', '12345');
	await page.fill('#f-subject', 'Đề nghị xem xét việc cấp giấy chứng nhận quyền sử dụng đất cho gia đình tôi.');
	resp = await follow(page, form.locator('button[type="submit"]'));
	t.ok(resp.status() === 422 && await page.locator('.error-summary a[href="#f-phone"]').count() === 1,
		'reception: a wrong phone number is summarised and linked to its field', `status ${resp.status()}`);
	await audit.audit(page, '/tiep-cong-dan (lỗi)');
	await page.fill('#f-phone', '0912 345 678');
	resp = await follow(page, page.locator('form[action="/tiep-cong-dan"] button[type="submit"]'));
	const txt = await page.locator('main').innerText();
	const code = (txt.match(CODE_RE) || [])[1];
	const secret = ((await page.locator('.code-secret').innerText()).replace(/\s+/g, '').match(SECRET_RE) || [])[1];
	if (!t.ok(resp.status() === 201 && code && secret && await page.locator('svg.qr').count() === 1,
		'reception: the receipt shows the code, the secret and a QR code', txt.split('\n').slice(0, 12)))
		return false;
	t.ok(!txt.includes('Trần Văn Bình') && !txt.includes('0912'), 'reception: the receipt shows no name or phone', txt.split('\n').slice(0, 12));
	await audit.audit(page, 'biên nhận đăng ký tiếp công dân');
	resp = await follow(page, page.locator('main a.btn-primary'));
	const after = await page.locator('main').innerText();
	t.ok(resp.status() === 200 && after.includes(code) && after.includes('Đã đăng ký'),
		'reception: the receipt link opens the booking with its status', after.split('\n').slice(0, 12));
	await audit.audit(page, '/tiep-cong-dan/tra-cuu');
	return true;
}
// --- consultations on drafts ------------------------------------------------------
// A citizen on the phone comments on one part of the demo's open draft;
// on the desktop the handler answers every comment of the closed,
// invited-only draft (demo 3) and the leader publishes its report.
async function citizenCommentsOnPart(t, audit, page, base) {
	await page.goto(base + '/gop-y');
	await audit.audit(page, '/gop-y (điện thoại)');
	const resp = await follow(page, page.locator('main a[href="/gop-y/1"]').first());
	if (!t.ok(resp && resp.status() === 200, 'citizen: opens the open draft from the list', `at ${page.url()}`))
		return false;
	const part = page.locator('li.draft-part', { has: page.locator('h3', { hasText: /^Điều 3, khoản 1$/ }) }).first();
	await part.locator('details.comment-form summary').click();
	const form = part.locator('details.comment-form form');
	await form.locator('textarea[name="text"]').fill('Phố Hàng Bạc nên dành 2 m cho người đi bộ vì rất đông khách.');
	await form.locator('input[name="name"]').fill('Đinh Thị Thu');
	await audit.audit(page, 'góp ý một khoản (điện thoại)');
	const sent = await follow(page, form.locator('button[type="submit"]'));
	// the part's comments are in a <details>: read its text whether open or not
	const text = await page.locator('main').evaluate(m => m.textContent);
	t.ok(sent && sent.status() === 200 && /ý kiến đã được ghi nhận/.test(text) && /dành 2 m cho người đi bộ vì rất đông/.test(text)
		&& !/Đinh Thị Thu/.test(text), 'citizen: the comment on "Điều 3, khoản 1" is recorded and shown, without the name',
		[`status ${sent && sent.status()} at ${page.url()}`, ...text.split('\n').slice(0, 10)]);
	await audit.audit(page, 'sau khi góp ý (điện thoại)');
	return true;
}

async function officersReplyAndPublish(t, audit, page, base) {
	await login(page, base, 'xuly.hoankiem');
	await page.goto(base + '/quan-ly/gop-y/3');
	await audit.audit(page, 'sổ ý kiến (máy tính)');
	let answered = 0;
	for (let guard = 0; guard < 10; guard++) {
		const open = page.locator('li.comment details[open] form:has(input[name="action"][value="reply"])').first();
		if (await open.count() === 0)
			break;
		await open.locator('select[name="decision"]').selectOption('partly_accepted');
		await open.locator('textarea[name="text"]').fill('Tiếp thu một phần: sẽ trao đổi tại cuộc họp liên tịch quý tới.');
		const r = await follow(page, open.locator('button[type="submit"]'));
		if (!r || r.status() >= 400)
			break;
		answered++;
	}
	const status = await page.locator('p[role="status"]', { hasText: 'chưa trả lời' }).first().innerText();
	t.ok(answered >= 1 && /chưa trả lời: 0/.test(status), `xuly.hoankiem: answers the ${answered} unanswered comments`, status);
	await logout(page, base);
	await login(page, base, 'lanhdao.hoankiem');
	await page.goto(base + '/quan-ly/gop-y/3');
	const btn = page.locator('form:has(input[name="action"][value="publish_report"]) button');
	if (!t.ok(await btn.count() === 1, 'lanhdao.hoankiem: the register offers to publish the report'))
		return false;
	const r = await follow(page, btn);
	const meta = await page.locator('main .card-meta').first().innerText();
	t.ok(r && r.status() < 400 && /Đã công khai/.test(meta), 'lanhdao.hoankiem: the report is published', meta);
	await page.goto(base + '/gop-y/3/bao-cao');
	await audit.audit(page, 'báo cáo đã công khai (máy tính)');
	const text = await page.locator('main').innerText();
	t.ok(/Tổng số ý kiến: 3/.test(text) && /Tiếp thu một phần/.test(text), 'the published report lists every comment with its reply', text.split('\n').slice(0, 12));
	await logout(page, base);
	return true;
}

export async function consultationFlow(t, audit, newContext, base, phone, desktop) {
	const citizen = await newContext(phone);
	const officer = await newContext(desktop);
	try {
		const cp = await citizen.newPage();
		const op = await officer.newPage();
		await t.step('consultation: a citizen comments on a part (phone)', () => citizenCommentsOnPart(t, audit, cp, base));
		await t.step('consultation: officers reply and publish (desktop)', () => officersReplyAndPublish(t, audit, op, base));
	} finally {
		await citizen.close();
		await officer.close();
	}
	// emulation and commendation: movement, model on a phone, council, decision, certificate
	await t.step('emulation flow', () => emulationFlow(t, audit, newContext, base, phone, desktop));
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
