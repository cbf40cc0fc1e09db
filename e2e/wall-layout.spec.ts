import type { Page } from '@playwright/test';
import { docker, expect, login, removeProject, runReplica, test } from './support/fixtures';

// The ops-room TV at 1920×1080: every full service name readable, worst first, big counts, a data
// age per tile, and 8 or 80 services on one screen with no scrolling.
const FEW = 'e2ewall-few';
const MANY = 'e2ewall-many';
const names = (n: number) =>
  Array.from(
    { length: n },
    (_, i) => `ingest-worker-${['eu', 'us', 'ap'][i % 3]}-west-${String(i).padStart(2, '0')}`,
  );

test.use({ viewport: { width: 1920, height: 1080 } });

/** Starts `n` one-replica compose services, a few at a time (the engine is shared). */
async function startServices(project: string, list: string[], down: string) {
  for (let i = 0; i < list.length; i += 8) {
    await Promise.all(
      list.slice(i, i + 8).map((service) =>
        runReplica({
          project,
          service,
          n: 1,
          command: ['sleep', '3600'],
        }),
      ),
    );
  }
  // one is down (stopped), so "worst first" has something to put first
  await docker('kill', `${project}_${down}_1`);
}

test.beforeAll(async () => {
  test.setTimeout(240_000);
  await removeProject(FEW);
  await removeProject(MANY);
  await startServices(FEW, names(8), names(8)[5] ?? '');
  await startServices(MANY, names(80), names(80)[41] ?? '');
});
test.afterAll(async () => {
  await removeProject(FEW);
  await removeProject(MANY);
});

async function checkWall(page: Page, baseURL: string, project: string, list: string[], down: string) {
  await page.goto(`${baseURL}/wall?stack=${project}`);
  const tiles = page.getByTestId('wall-service');
  await expect(tiles).toHaveCount(list.length, { timeout: 30_000 });
  await expect(tiles.first()).toHaveAttribute('data-service', `${project}/${down}`, { timeout: 30_000 });
  await expect(tiles.first()).toHaveAttribute('data-status', 'down');
  await expect(page.getByTestId('wall-count-down')).toHaveText('1down');
  await expect(page.getByTestId('wall-count-healthy')).toHaveText(`${list.length - 1}healthy`);

  // every full name is in its tile, on screen, not cut: the tile's content fits the tile
  const seen = await tiles.evaluateAll((els) =>
    els.map((el) => {
      const name = el.querySelector('[data-testid="wall-service-name"]');
      const r = el.getBoundingClientRect();
      return {
        text: el.textContent ?? '',
        name: name?.textContent ?? '',
        nameFits: name ? name.scrollWidth <= name.clientWidth + 1 : false,
        contentFits: el.scrollHeight <= el.clientHeight + 1 && el.scrollWidth <= el.clientWidth + 1,
        onScreen: r.top >= 0 && r.left >= 0 && r.bottom <= window.innerHeight && r.right <= window.innerWidth,
        age: el.querySelector('[data-testid="wall-tile-age"]')?.textContent ?? '',
      };
    }),
  );
  for (const n of list) {
    const tile = seen.find((t) => t.name === n);
    expect(tile, `a tile named ${n}`).toBeDefined();
    expect(tile?.text).toContain(project);
    expect(tile?.nameFits, `${n}: name not cut`).toBe(true);
    expect(tile?.contentFits, `${n}: tile content fits`).toBe(true);
    expect(tile?.onScreen, `${n}: on screen`).toBe(true);
    expect(tile?.age).toMatch(/^\d+s$/);
  }
  const scroll = await page.evaluate(() => ({
    h: document.scrollingElement?.scrollHeight ?? 0,
    w: document.scrollingElement?.scrollWidth ?? 0,
  }));
  expect(scroll.h).toBeLessThanOrEqual(1080);
  expect(scroll.w).toBeLessThanOrEqual(1920);
}

test('8 services: big tiles with full names, the down one first, counts and ages', async ({
  page,
  baseURL,
}) => {
  await login(page, baseURL);
  const list = names(8);
  await checkWall(page, baseURL, FEW, list, list[5] ?? '');
  await expect(page.getByTestId('wall-services')).toHaveAttribute('data-density', 'normal');
});

test('80 services fit one 1080p screen in dense mode, no scrolling, no name cut', async ({
  page,
  baseURL,
}) => {
  test.setTimeout(120_000);
  await login(page, baseURL);
  const list = names(80);
  await checkWall(page, baseURL, MANY, list, list[41] ?? '');
  await expect(page.getByTestId('wall-services')).toHaveAttribute('data-density', 'dense');
  // a service coming back moves out of first place: the order follows the state
  await docker('start', `${MANY}_${list[41]}_1`);
  await expect(page.getByTestId('wall-count-down')).toHaveText('0down', { timeout: 30_000 });
  await expect(page.getByTestId('wall-count-healthy')).toHaveText('80healthy');
  await expect(page.getByTestId('wall-service').first()).not.toHaveAttribute(
    'data-service',
    `${MANY}/${list[41]}`,
  );
});
