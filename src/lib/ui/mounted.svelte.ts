/**
 * Whether the app has mounted in the browser. Pages are prerendered at build time, where there is no URL
 * query, and hydration must find the HTML written then: the URL's parameters (the language, a view's state)
 * apply only once the root layout has mounted (`markMounted`). Until then every view draws its default state.
 */
import { browser } from '$app/environment';
import { page } from '$app/state';

let mounted = $state(false);
const NONE = new URLSearchParams();

/** Called once by the root layout's onMount. */
export function markMounted(): void {
  mounted = true;
  // app.html hid a page whose URL asks for another state than the HTML's until now.
  delete document.documentElement.dataset.beforeMount;
  // The prerendered controls answer from now on (the browser tests wait for this before they use them).
  document.documentElement.dataset.mounted = '';
}

export const isMounted = (): boolean => browser && mounted;

/** The URL's query: empty while prerendering and hydrating, the page's once mounted. */
export const urlParams = (): URLSearchParams => (isMounted() ? page.url.searchParams : NONE);
