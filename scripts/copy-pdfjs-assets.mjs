// Copy pdfjs's CMaps and standard fonts into static/pdfjs/ so the site serves
// them from its own origin (the browser reader points pdfjs there). Run by
// `npm ci`/`npm install` (prepare); static/pdfjs/ is not committed.
import { cpSync, mkdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';

const root = dirname(createRequire(import.meta.url).resolve('pdfjs-dist/package.json'));
const out = join(import.meta.dirname, '..', 'static', 'pdfjs');
mkdirSync(out, { recursive: true });
for (const d of ['cmaps', 'standard_fonts']) cpSync(join(root, d), join(out, d), { recursive: true });
