// The msa3d command line: help, and one-line errors with the right exit status (no stack without --debug).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as path from 'node:path';

const BIN = path.join(__dirname, '..', 'kernel-lib', 'bin', 'msa3d.js');
const run = (...args: string[]) => spawnSync(process.execPath, [BIN, ...args], { encoding: 'utf8' });

test('msa3d --help lists the commands', () => {
  const r = run('--help');
  assert.equal(r.status, 0, r.stderr);
  assert.match(r.stdout, /Usage: msa3d <command>/);
  assert.match(r.stdout, /reproduce/);
});

test('an unknown command is one line on stderr with exit status 2', () => {
  const r = run('frobnicate');
  assert.equal(r.status, 2);
  assert.equal(r.stderr.trim().split('\n').length, 1);
  assert.match(r.stderr, /^msa3d: unknown command 'frobnicate'/);
});

test('an unknown option is refused with one line', () => {
  const r = run('reproduce', '--bogus');
  assert.equal(r.status, 2);
  assert.match(r.stderr, /^msa3d: unknown option --bogus/);
  assert.doesNotMatch(r.stderr, /\n\s+at /);
});

test('--debug adds the stack trace', () => {
  const r = run('reproduce', '--only', 'no-such-notebook', '--debug');
  assert.equal(r.status, 1);
  assert.match(r.stderr, /msa3d: reproduce: no notebook matches no-such-notebook/);
  assert.match(r.stderr, /\n\s+at /);
});
