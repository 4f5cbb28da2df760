#!/usr/bin/env node
// The `herald` command. The CLI is bundled into dist/ by `npm run build` (run by `npm ci`
// through the `prepare` script).
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const cli = join(dirname(fileURLToPath(import.meta.url)), '..', 'dist', 'cli', 'herald.js');
if (!existsSync(cli)) {
  process.stderr.write('herald: dist/cli/herald.js is missing; run `npm run build` first\n');
  process.exit(2);
}
const { main } = createRequire(import.meta.url)(cli);
process.exitCode = await main(process.argv.slice(2));
