/**
 * A synthetic set of a test's own, served beside the build without touching it: a folder whose files are the
 * build's (linked) but whose synthetic/ is the test's. The demo set that `npm run data` put into build/synthetic
 * stays there for the tests that run at the same time (tests/browser/first-visit.test.ts reads it).
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readdirSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { BUILD, needBuild, ROOT } from './app';

export interface OwnSynthetic {
  /** The folder to serve, its build files linked at the first call: `useApp(() => ({ root: set.served() }))`. */
  served(): string;
  /** Write the set: scripts/data/synthetic.ts with these arguments (e.g. --reports 600 --years 3 --seed 3). */
  make(args: readonly string[]): void;
  remove(): void;
}

export function ownSynthetic(): OwnSynthetic {
  const root = mkdtempSync(join(tmpdir(), 'mingjing-synthetic-'));
  let linked = false;
  const served = () => {
    if (!linked) {
      needBuild('ranking.html');
      for (const f of readdirSync(BUILD)) if (f !== 'synthetic') symlinkSync(join(BUILD, f), join(root, f));
      linked = true;
    }
    return root;
  };
  return {
    served,
    make(args) {
      served();
      execFileSync('npx', ['tsx', join(ROOT, 'scripts/data/synthetic.ts'), ...args, '--out', join(root, 'synthetic')], {
        stdio: 'ignore',
      });
    },
    remove: () => rmSync(root, { recursive: true, force: true }),
  };
}
