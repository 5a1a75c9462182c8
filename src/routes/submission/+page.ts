// Reads its state from the URL and its data in the browser: rendered on the client only.
export const ssr = false;
