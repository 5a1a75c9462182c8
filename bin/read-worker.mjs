// Worker-thread entry for `mingjing parse --jobs N` where the bundled worker
// cannot be made (see src/cli/jobs.ts): the same tsx set-up as bin/mingjing.mjs.
import { register } from 'tsx/esm/api';

register();
const { runWorker } = await import('../src/cli/worker.ts');
runWorker();
