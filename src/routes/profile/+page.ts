import { prerendered } from '$lib/db/prerendered';
import type { PageLoad } from './$types';
import * as v from './view';

// Prerendered with its default state (src/lib/db/prerendered.ts); the state in the URL applies once mounted.
export const load: PageLoad = async ({ fetch }) => ({ prerendered: await prerendered(fetch, 'profile', v.firstPaint) });
