/**
 * Which embedded data the app loads: the real reports (static/data/), or the
 * synthetic benchmark set (static/synthetic/, written by `npm run
 * data:synthetic`). `?data=synthetic` switches to it for this tab and
 * `?data=real` back; every page then shows the banner 模拟数据.
 */
import { browser } from '$app/environment';

const KEY = 'mingjing:data';

export function syntheticMode(): boolean {
  if (!browser) return false;
  const asked = new URL(location.href).searchParams.get('data');
  if (asked === 'synthetic') sessionStorage.setItem(KEY, 'synthetic');
  if (asked === 'real') sessionStorage.removeItem(KEY);
  return sessionStorage.getItem(KEY) === 'synthetic';
}

/** The folder of the embedded tables, under the site's base. */
export const dataDir = (synthetic: boolean) => (synthetic ? 'synthetic' : 'data');
