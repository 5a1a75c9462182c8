import { join } from 'node:path';
import { it } from 'vitest';
import { SHOTS, useApp } from '../support/app';
const app = useApp({ needs: 'ranking.html', viewport: { width: 1440, height: 900 } });
it('look', { timeout: 200_000 }, async () => {
  const page = await app.newPage();
  await page.goto(`${app.origin}/ranking`);
  await page.locator('table.data[data-ready="true"] tbody tr').first().waitFor({ timeout: 60_000 });
  await page.locator('[data-ranking-chart] svg').waitFor();
  await page.screenshot({ path: join(SHOTS, 'look-ranking.png'), fullPage: true });
  await page.emulateMedia({ media: 'print' });
  await page.pdf({ path: join(SHOTS, 'look-ranking.pdf'), format: 'A4', printBackground: true });
  await page.emulateMedia({ media: 'screen' });
  await page.goto(`${app.origin}/profile?id=${encodeURIComponent('泽州县人民政府|2021|004_7f04bf6579decff7.txt')}`);
  await page.waitForTimeout(4000);
  await page.emulateMedia({ media: 'print' });
  await page.pdf({ path: join(SHOTS, 'look-profile.pdf'), format: 'A4', printBackground: true });
  console.log(app.errors);
});
