import { sveltekit } from '@sveltejs/kit/vite';
import { defineConfig } from 'vitest/config';

export default defineConfig({
  plugins: [sveltekit()],
  // The parse worker loads pdfjs and mammoth with dynamic import(), i.e. code
  // splitting, which only ES module workers support (Vite's default is iife).
  worker: { format: 'es' },
  // In `vite dev`, the parse worker imports these only when a file needs them;
  // pre-bundle them up front so Vite does not discover them mid-parse and reload the page.
  optimizeDeps: { include: ['pdfjs-dist/build/pdf.mjs', 'mammoth/mammoth.browser.js', 'htmlparser2'] },
  test: {
    include: ['tests/**/*.test.ts'],
    environment: 'node',
    testTimeout: 60_000,
    reporters: ['default'],
  },
});
