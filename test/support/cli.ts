import { main } from '../../cli/herald';
import type { CliIo } from '../../cli/io';

/** Runs the `herald` CLI in process with captured output; `stdin` is what `-` reads. */
export const runCli = async (argv: string[], stdin = ''): Promise<{ code: number; stdout: string; stderr: string }> => {
  let stdout = '';
  let stderr = '';
  const io: CliIo = { stdout: (t) => { stdout += t; }, stderr: (t) => { stderr += t; }, readStdin: () => stdin };
  const code = await main(argv, io);
  return { code, stdout, stderr };
};
