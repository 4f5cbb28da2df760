import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { terminalSafe, toJsonLine } from '../../cli/io';

const ROOT = join(__dirname, '..', '..');

describe('terminal safety', () => {
  it.each([
    { case: 'a screen-clearing escape sequence in a stopped reason', text: 'exited \u001b[2J\u001b[31mred', shown: 'exited \\x1b[2J\\x1b[31mred' },
    { case: 'a bell, a backspace and a C1 control', text: 'a\u0007b\u0008c\u009bd', shown: 'a\\x07b\\x08c\\x9bd' },
    { case: 'a right-to-left override', text: 'ok\u202etxt.exe', shown: 'ok\\u202etxt.exe' },
    { case: 'newlines and tabs, which stay', text: 'line 1\n\tline 2\n', shown: 'line 1\n\tline 2\n' },
    { case: 'text with nothing to show', text: 'prod/payments-api: out of memory (exit 137) ✓', shown: 'prod/payments-api: out of memory (exit 137) ✓' },
  ])('$case', ({ text, shown }) => {
    expect(terminalSafe(text)).toBe(shown);
  });
});

describe('a reader that stops reading', () => {
  it('herald routes | head -1: the first line, no EPIPE stack trace, exit 0', () => {
    const run = spawnSync('bash', ['-c', 'set -o pipefail; node bin/herald.mjs routes | head -1'], { cwd: ROOT, encoding: 'utf8' });
    expect(run.stdout.split('\n')).toHaveLength(2);
    expect(run.stderr).not.toMatch(/EPIPE|Error/);
    expect(run.status).toBe(0);
  });
});

describe('--json lines on a terminal', () => {
  it.each([
    { case: 'a C1 control (CSI)', text: 'a\u009b2Jb' },
    { case: 'a right-to-left override', text: 'ok\u202etxt.exe' },
    { case: 'DEL and an escape', text: 'x\u007f\u001b[31my' },
  ])('$case stays valid JSON, and the same string, once made terminal-safe', ({ text }) => {
    const shown = terminalSafe(toJsonLine({ summary: text }));
    expect(shown).not.toMatch(/[\u0000-\u001f\u007f-\u009f\u202e]/);
    expect(JSON.parse(shown)).toEqual({ summary: text });
  });
});
