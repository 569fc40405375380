// emulation.mjs - the emulation flow: a leader launches a movement and forms
// its council on the desktop; the Front registers a model on a phone, starts
// it and sends its self-assessment; two council members score it, the
// leader recognises it, proposes a collective's Giấy khen for it, approves
// and decides it; the certificate and the honour roll show the decision.
// Every page on the way is audited (axe 0).

import { login, logout } from './pages.mjs';

function pathOf(page) {
	return new URL(page.url()).pathname;
}

async function submit(page, locator) {
	const [resp] = await Promise.all([page.waitForNavigation(), locator.click()]);
	return resp;
}

function ymd(d) {
	return d.toISOString().slice(0, 10);
}

// Each criterion of the scoring form gets `n`.
async function score(page, n) {
	const inputs = page.locator('input[name^="diem-"]');
	const count = await inputs.count();
	for (let i = 0; i < count; i++)
		await inputs.nth(i).fill(String(n));
	return count;
}

export async function emulationFlow(t, audit, newContext, base, phone, desktop) {
	const desk = await newContext(desktop);
	const mobile = await newContext(phone);
	const stamp = Date.now().toString(36);
	const title = `Phong trào thử ${stamp}`;
	const modelTitle = `Mô hình thử trên điện thoại ${stamp}`;
	try {
		const dp = await desk.newPage();
		const mp = await mobile.newPage();
		// the leader launches a movement around today
		await login(dp, base, 'lanhdao.hoankiem');
		await dp.goto(base + '/quan-ly/thi-dua');
		await audit.audit(dp, '/quan-ly/thi-dua');
		const now = new Date();
		await dp.fill('#f-mtitle', title);
		await dp.fill('#f-munit', '00070');
		await dp.fill('#f-starts', ymd(new Date(now.getTime() - 30 * 86400000)));
		await dp.fill('#f-ends', ymd(new Date(now.getTime() + 300 * 86400000)));
		let resp = await submit(dp, dp.locator('form[action="/quan-ly/thi-dua"] button[type="submit"]'));
		if (!t.ok(resp && resp.status() === 200 && (await dp.content()).includes(title), 'emulation: the leader launches a movement',
			`status ${resp && resp.status()} at ${dp.url()}`))
			return false;
		// its council: the leader (ward) and the handler (People's Committee)
		const section = dp.locator('section.card', { hasText: title });
		for (const [user, unit] of [['lanhdao.hoankiem', '00070'], ['xuly.hoankiem', '00070-UBND']]) {
			const s = dp.locator('section.card', { hasText: title });
			await s.locator('summary').click();
			await s.locator('input[name="username"]').fill(user);
			await s.locator('input[name="unit"]').fill(unit);
			resp = await submit(dp, s.locator('button[type="submit"]'));
			t.ok(resp && resp.status() === 200, `emulation: ${user} joins the council`, `status ${resp && resp.status()}`);
		}
		t.ok(await section.count() === 1, 'emulation: the movement is listed once');

		// the Front registers a model on a phone
		await login(mp, base, 'mattran.hoankiem');
		await mp.goto(base + '/quan-ly/thi-dua');
		await mp.selectOption('#f-movement', { label: title });
		await mp.fill('#f-title', modelTitle);
		await mp.fill('#f-unit', '00070-MTTQ');
		await mp.selectOption('#f-field', 'political_system');
		await mp.fill('#f-goals', 'Mỗi tháng một buổi đối thoại với người dân.');
		await mp.fill('#f-description', 'Mặt trận phối hợp các đoàn thể tổ chức đối thoại tại nhà văn hóa.');
		await mp.fill('#f-results', 'Biên bản các buổi đối thoại, số ý kiến được trả lời.');
		resp = await submit(mp, mp.locator('form[action="/quan-ly/thi-dua/mo-hinh"] button[type="submit"]'));
		if (!t.ok(resp && resp.status() === 200 && /^\/mo-hinh\/\d+$/.test(pathOf(mp)), 'emulation: a model registered on a phone',
			`status ${resp && resp.status()} at ${mp.url()}`))
			return false;
		const modelPath = pathOf(mp);
		await audit.audit(mp, '/mo-hinh/{id} (mới đăng ký)');
		resp = await submit(mp, mp.getByRole('button', { name: 'Bắt đầu triển khai' }));
		t.ok(resp && resp.status() === 200 && (await mp.content()).includes('Đang triển khai'), 'emulation: implementing');
		await mp.fill('textarea[name="comment"]', 'Đã tổ chức 3 buổi, trả lời 25 ý kiến.');
		resp = await submit(mp, mp.getByRole('button', { name: 'Gửi tự đánh giá' }));
		t.ok(resp && resp.status() === 200 && (await mp.content()).includes('Đã tự đánh giá'), 'emulation: self-assessed');
		await logout(mp, base);

		// the council scores it on the desktop
		await dp.goto(base + modelPath);
		const n = await score(dp, 9);
		t.ok(n === 11, 'emulation: the scoring form has the 11 common criteria', `${n} inputs`);
		await audit.audit(dp, '/mo-hinh/{id} (chấm điểm)');
		resp = await submit(dp, dp.getByRole('button', { name: 'Gửi điểm' }));
		t.ok(resp && resp.status() === 200, 'emulation: the leader scores');
		await logout(dp, base);
		await login(dp, base, 'xuly.hoankiem');
		await dp.goto(base + modelPath);
		await score(dp, 8);
		resp = await submit(dp, dp.getByRole('button', { name: 'Gửi điểm' }));
		t.ok(resp && resp.status() === 200 && (await dp.content()).includes('Kết quả thẩm định'),
			'emulation: the second member completes the quorum and the result shows');
		await logout(dp, base);
		await login(dp, base, 'lanhdao.hoankiem');
		await dp.goto(base + modelPath);
		resp = await submit(dp, dp.getByRole('button', { name: 'Công nhận mô hình' }));
		t.ok(resp && resp.status() === 200 && (await dp.content()).includes('Được công nhận'), 'emulation: recognised');

		// a collective's Giấy khen for it, approved and decided
		await dp.goto(base + '/quan-ly/khen-thuong?don-vi=00070');
		await audit.audit(dp, '/quan-ly/khen-thuong');
		await dp.selectOption('#f-form', 'giay_khen_tap_the');
		await dp.fill('#f-year', String(now.getFullYear()));
		await dp.selectOption('select[name="recipient_kind"]', 'collective');
		await dp.fill('input[name="recipient_name"]', 'Ủy ban Mặt trận Tổ quốc phường Hoàn Kiếm');
		await dp.fill('input[name="recipient_unit"]', '00070-MTTQ');
		await dp.fill('#f-reason', 'Xây dựng mô hình đối thoại hằng tháng tiêu biểu.');
		await dp.fill('#f-model', modelPath.split('/').pop());
		resp = await submit(dp, dp.getByRole('button', { name: 'Gửi đề nghị' }));
		if (!t.ok(resp && resp.status() === 200 && /^\/quan-ly\/khen-thuong\/\d+$/.test(pathOf(dp)), 'emulation: a proposal',
			`status ${resp && resp.status()} at ${dp.url()}`))
			return false;
		await audit.audit(dp, '/quan-ly/khen-thuong/{id}');
		resp = await submit(dp, dp.getByRole('button', { name: 'Thông qua' }));
		t.ok(resp && resp.status() === 200, 'emulation: approved');
		await dp.fill('#f-number', `99/QĐ-UBND-${stamp}`);
		await dp.fill('#f-date', ymd(now));
		await dp.fill('#f-issuer', 'Chủ tịch UBND phường Hoàn Kiếm');
		resp = await submit(dp, dp.getByRole('button', { name: 'Quyết định khen thưởng' }));
		const decided = await dp.content();
		t.ok(resp && resp.status() === 200 && decided.includes('Đã quyết định') && /\d{1,3}(\.\d{3})+ đồng/.test(decided),
			'emulation: decided, with the prize', `status ${resp && resp.status()}`);
		const cert = dp.locator('a[href^="/xac-minh/"]');
		if (!t.ok(await cert.count() === 1, 'emulation: the decision links its certificate'))
			return false;
		resp = await submit(dp, cert);
		t.ok(resp && resp.status() === 200 && (await dp.content()).includes(`99/QĐ-UBND-${stamp}`),
			'emulation: the certificate shows the decision');
		await audit.audit(dp, '/xac-minh/{mã}');
		await logout(dp, base);
		await mp.goto(base + '/vinh-danh?don-vi=00070');
		t.ok((await mp.content()).includes('Ủy ban Mặt trận Tổ quốc phường Hoàn Kiếm'), 'emulation: the honour roll lists it (phone)');
		await audit.audit(mp, '/vinh-danh?don-vi=00070');
		await mp.goto(base + modelPath);
		t.ok((await mp.content()).includes('Đã khen thưởng'), 'emulation: the model is public and commended');
		return true;
	} finally {
		await desk.close();
		await mobile.close();
	}
}
