#!/usr/bin/env node
// The `herald` command. The CLI is bundled into dist/ by `npm run build` (run by `npm ci`
// through the `prepare` script).
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { setFlagsFromString } from 'node:v8';

// `herald replay` holds noise control's state (two days of events' ids and tasks' versions)
// for streams of millions of events. V8 sizes its heap for short scripts, letting it grow to
// several times what the last collection kept; a growth of a quarter keeps the peak near what
// the replay holds, for more frequent collection (README, "herald replay": the figures).
// Set before the heap grows, which is when V8 reads it.
if (process.argv[2] === 'replay') setFlagsFromString('--heap-growing-percent=25');

const cli = join(dirname(fileURLToPath(import.meta.url)), '..', 'dist', 'cli', 'herald.js');
if (!existsSync(cli)) {
  process.stderr.write('herald: dist/cli/herald.js is missing; run `npm run build` first\n');
  process.exit(2);
}
const { main } = createRequire(import.meta.url)(cli);
process.exitCode = await main(process.argv.slice(2));
