/** Serving the production build and driving Debian's Chromium, for the browser tests. */
import { createServer, type Server } from 'node:http';
import { existsSync, readFileSync, statSync } from 'node:fs';
import { extname, join, normalize, sep } from 'node:path';
import type { AddressInfo } from 'node:net';
import { chromium, type Browser, type BrowserContext } from 'playwright-core';

/**
 * Ask the app for its test handle (`window.__mingjing`: the database and the views' SQL), which it
 * exposes only when asked (src/lib/db/app.ts, TEST_HANDLE_KEY) — a user's page never has it.
 */
export async function exposeTestHandle(context: BrowserContext): Promise<void> {
  await context.addInitScript(() => localStorage.setItem('mingjing:test-handle', '1'));
}

export const CHROMIUM = '/usr/bin/chromium';

const MIME: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.wasm': 'application/wasm',
  '.arrow': 'application/vnd.apache.arrow.stream',
  '.bcmap': 'application/octet-stream',
  '.pfb': 'application/octet-stream',
  '.ttf': 'font/ttf',
  '.woff2': 'font/woff2',
  '.txt': 'text/plain; charset=utf-8',
};

/** A minimal static server for build/, as adapter-static lays it out (/dev/parse → dev/parse.html). */
export function serveBuild(root: string, served: string[] = []): Promise<{ server: Server; origin: string }> {
  const server = createServer((req, res) => {
    const path = decodeURIComponent(new URL(req.url ?? '/', 'http://x').pathname);
    served.push(path);
    const base = normalize(join(root, path));
    if (base !== root && !base.startsWith(root + sep)) {
      res.writeHead(403).end();
      return;
    }
    const file = [base, `${base}.html`, join(base, 'index.html')].find((f) => existsSync(f) && statSync(f).isFile());
    if (!file) {
      res.writeHead(404, { 'content-type': 'text/plain' }).end('not found');
      return;
    }
    res.writeHead(200, {
      'content-type': MIME[extname(file)] ?? 'application/octet-stream',
      // As vite preview and any static server configured for SvelteKit: hashed files are cached for good (so a
      // warm start reuses DuckDB's compiled engine); everything else is asked again.
      'cache-control': path.includes('/_app/immutable/') ? 'public, max-age=31536000, immutable' : 'no-store',
    });
    res.end(readFileSync(file));
  });
  return new Promise((ok) =>
    server.listen(0, '127.0.0.1', () =>
      ok({ server, origin: `http://127.0.0.1:${(server.address() as AddressInfo).port}` }),
    ),
  );
}

/** Debian's Chromium, headless, with the flags this closed network needs. */
const ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];
const need = () => {
  if (!existsSync(CHROMIUM))
    throw new Error(
      `${CHROMIUM} not found: install Debian's chromium (apt-get install chromium fonts-wqy-microhei) or run npm test, which does it`,
    );
};

export function launchChromium(): Promise<Browser> {
  need();
  return chromium.launch({ executablePath: CHROMIUM, args: ARGS });
}

/** Chromium with a profile on disk, as a user's browser is: what it stores survives closing it and starting again. */
export function launchChromiumProfile(dir: string): Promise<BrowserContext> {
  need();
  return chromium.launchPersistentContext(dir, {
    executablePath: CHROMIUM,
    args: ARGS,
    headless: true,
    viewport: { width: 1280, height: 900 },
  });
}
