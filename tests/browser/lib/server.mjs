// server.mjs - runs the real danvan binary for the browser tests, the way
// tests/http/harness.py does: `danvan init` and `danvan demo` (small demo,
// fast password hashing) in a temporary data directory, then `danvan serve`
// on a free port of 127.0.0.1. stop() sends SIGTERM and reports, as TAP,
// whether the server exited cleanly and without a sanitizer report.

import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';

function freePort() {
	return new Promise((resolve, reject) => {
		const s = net.createServer();
		s.on('error', reject);
		s.listen(0, '127.0.0.1', () => {
			const { port } = s.address();
			s.close(() => resolve(port));
		});
	});
}

const sleep = ms => new Promise(r => setTimeout(r, ms));

export class Server {
	// bin: path of the danvan binary (the ASan build in `make check`).
	constructor(bin) {
		this.bin = bin;
		this.dir = fs.mkdtempSync(path.join(os.tmpdir(), 'danvan-browser-'));
		this.data = path.join(this.dir, 'data');
		this.env = { ...process.env, DANVAN_PWHASH_FAST: '1' };
		this.proc = null;
		this.exit = null;
	}

	cli(args, extraEnv) {
		const r = spawnSync(this.bin, [...args, '--data', this.data], {
			env: { ...this.env, ...(extraEnv || {}) }, encoding: 'utf8', timeout: 300000,
		});
		if (r.status !== 0)
			throw new Error(`danvan ${args.join(' ')} failed (status ${r.status}): ${(r.stderr || '') + (r.error ? r.error.message : '')}`);
		return r.stdout;
	}

	async start() {
		if (!fs.existsSync(this.bin))
			throw new Error(`no danvan binary at "${this.bin}" (build it with make build/asan/danvan)`);
		this.cli(['init']);
		this.cli(['demo'], { DANVAN_DEMO_SMALL: '1' });
		this.port = await freePort();
		this.base = `http://127.0.0.1:${this.port}`;
		this.logPath = path.join(this.dir, 'server.log');
		const log = fs.openSync(this.logPath, 'w');
		this.proc = spawn(this.bin, ['serve', '--data', this.data, '--listen', `127.0.0.1:${this.port}`],
			{ env: this.env, stdio: ['ignore', log, log] });
		fs.closeSync(log);
		this.exited = new Promise(resolve => this.proc.on('exit', (code, signal) => {
			this.exit = { code, signal };
			resolve(this.exit);
		}));
		const deadline = Date.now() + 30000;
		while (Date.now() < deadline) {
			if (this.exit)
				break;
			try {
				const r = await fetch(this.base + '/healthz');
				if (r.status === 200)
					return this;
			} catch {
				/* not listening yet */
			}
			await sleep(50);
		}
		throw new Error('the server did not start:\n' + this.log().slice(-3000));
	}

	log() {
		try {
			return fs.readFileSync(this.logPath, 'utf8');
		} catch {
			return '';
		}
	}

	// Stop with SIGTERM; two TAP results (clean exit, no sanitizer report).
	async stop(tap) {
		if (!this.proc) {
			fs.rmSync(this.dir, { recursive: true, force: true });
			return;
		}
		if (!this.exit)
			this.proc.kill('SIGTERM');
		const timeout = sleep(30000).then(() => null);
		let ex = await Promise.race([this.exited, timeout]);
		if (!ex) {
			this.proc.kill('SIGKILL');
			ex = await this.exited;
		}
		const out = this.log();
		tap.ok(ex.code === 0, 'the server exits cleanly on SIGTERM',
			[`exit code ${ex.code}, signal ${ex.signal}`, ...out.slice(-2000).split('\n')]);
		const bad = /(AddressSanitizer|LeakSanitizer|runtime error:)/.test(out);
		tap.ok(!bad, 'no sanitizer report in the server log', bad ? out.slice(-3000).split('\n') : null);
		fs.rmSync(this.dir, { recursive: true, force: true });
	}
}
