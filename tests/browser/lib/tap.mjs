// tap.mjs - TAP output for the browser suite: numbered "ok N - ..." and
// "not ok N - ..." lines (what scripts/run-tests counts), details as "# "
// comment lines, and the plan at the end.

export class Tap {
	constructor() {
		this.n = 0;
		this.failed = 0;
	}

	// Report one test; detail (string or array of lines) is printed as
	// comments when the test fails. Returns cond.
	ok(cond, name, detail) {
		if (this.silent)
			return cond;
		this.n++;
		const line = `${cond ? 'ok' : 'not ok'} ${this.n} - ${name.replace(/[\r\n]+/g, ' ')}`;
		process.stdout.write(line + '\n');
		if (!cond) {
			this.failed++;
			if (detail !== undefined && detail !== null && detail !== '') {
				const lines = Array.isArray(detail) ? detail : String(detail).split('\n');
				for (const l of lines.slice(0, 40))
					process.stdout.write(`#   ${l}\n`);
				if (lines.length > 40)
					process.stdout.write(`#   ... ${lines.length - 40} more lines\n`);
			}
		}
		return cond;
	}

	// From now on report nothing more (the suite is being aborted and
	// what still runs only fails because the browser went away).
	silence() {
		this.silent = true;
	}

	comment(text) {
		if (this.silent)
			return;
		for (const l of String(text).split('\n'))
			process.stdout.write(`# ${l}\n`);
	}

	// Run an async step; an exception is one failed test named `name`.
	async step(name, fn) {
		try {
			return await fn();
		} catch (e) {
			this.ok(false, name, errorLines(e));
			return undefined;
		}
	}

	done() {
		process.stdout.write(`1..${this.n}\n`);
		return this.failed === 0;
	}
}

// The first lines of an error, without playwright's long call logs.
export function errorLines(e) {
	const msg = (e && (e.stack || e.message)) ? String(e.message || e) : String(e);
	return msg.split('\n').filter(l => l.trim() !== '').slice(0, 12);
}
