import { installCliGuards } from '../runtime/process-guards.ts';
import { runCli } from './run-cli.ts';

// A fault no command could catch ends the CLI with one line, never a stack trace with parameters.
installCliGuards((l) => process.stderr.write(`${l}\n`), (code) => process.exit(code));

// The CLI entry: the only place besides the runtimes that reads process.env.
const code = await runCli(process.argv.slice(2), {
  env: process.env,
  out: (l) => process.stdout.write(`${l}\n`),
  err: (l) => process.stderr.write(`${l}\n`),
  progress: (l) => {
    if (process.stderr.isTTY) process.stderr.write(`\r\x1b[K${l}`);
    else process.stderr.write(`${l}\n`);
  },
});
process.exitCode = code;
