import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const ROOT = join(__dirname, '..', '..');

// scripts/build.mjs validates the configuration the Lambda bundles embed, as `herald check`
// does, before it writes anything: the bundles only compile it.
describe('scripts/build.mjs', () => {
  it.each([
    {
      case: 'an undefined topic',
      text: 'topics:\n  oncall: {}\nroutes:\n  - name: a\n    notify: [pager]\n',
      message: ':5:14: routes[0].notify[0]: undefined topic "pager" used in route "a"; defined topics: oncall',
    },
    { case: 'a YAML syntax error', text: 'topics:\n  oncall: {\n', message: ':3:1: YAML syntax:' },
  ])('fails on $case with the messages of herald check', ({ text, message }) => {
    const bad = join(mkdtempSync(join(tmpdir(), 'herald-build-')), 'herald.yml');
    writeFileSync(bad, text);
    const result = spawnSync(process.execPath, [join(ROOT, 'scripts', 'build.mjs')], { cwd: ROOT, encoding: 'utf8', env: { ...process.env, HERALD_CONFIG: bad }, timeout: 60_000 });
    expect(result.status).not.toBe(0);
    expect(result.stderr).toContain(`${bad} is invalid`);
    expect(result.stderr).toContain(`${bad}${message}`);
  }, 60_000);
});
