// A static, client-side app: pre-render the shell, run everything in the browser.
export const prerender = true;
export const ssr = true;
