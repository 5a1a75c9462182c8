#!/usr/bin/env node
// The CLI runs the TypeScript sources directly through tsx, so `npm ci` is
// the only set-up step and the CLI can never drift from the engine's code.
import { register } from 'tsx/esm/api';

register();
const { main } = await import('../src/cli/main.ts');
process.exitCode = await main(process.argv.slice(2));
