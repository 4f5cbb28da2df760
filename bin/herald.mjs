#!/usr/bin/env node
// The `herald` command. The CLI is bundled into dist/ by `npm run build` (run by `npm ci`
// through the `prepare` script).
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { setFlagsFromString } from 'node:v8';

// `herald replay` holds noise control's state (two days of events' ids and tasks' versions)
// for streams of millions of events. V8 sizes its heap for short scripts: it lets the heap grow
// to several times what the last collection kept, and each young generation half to 16 MB. A
// growth of a half and halves of 8 MB keep the peak near what the replay holds, for a little
// more collection (1,000,000 events: see README, "Replay").
// Set before the heap grows, which is when V8 reads them.
if (process.argv[2] === 'replay') setFlagsFromString('--heap-growing-percent=50 --max-semi-space-size=8');

const cli = join(dirname(fileURLToPath(import.meta.url)), '..', 'dist', 'cli', 'herald.js');
if (!existsSync(cli)) {
  process.stderr.write('herald: dist/cli/herald.js is missing; run `npm run build` first\n');
  process.exit(2);
}
const { main } = createRequire(import.meta.url)(cli);
process.exitCode = await main(process.argv.slice(2));
