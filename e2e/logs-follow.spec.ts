import { expect, login, removeProject, runReplica, test } from './support/fixtures';

// The service page's logs panel opens on the newest lines and keeps following them, as the full
// page does: its buffer's oldest lines ("9m ago") are not what on-call came for.
const P = 'e2efollow';

test.beforeAll(async () => {
  await removeProject(P);
  // 400 lines at once (more than the panel's 300-line tail), then one a second
  await runReplica({
    project: P,
    service: 'talker',
    n: 1,
    command: [
      'sh',
      '-c',
      'i=0; while [ $i -lt 400 ]; do i=$((i+1)); echo "old $i"; done; while true; do i=$((i+1)); echo "new $i"; sleep 1; done',
    ],
  });
});
test.afterAll(() => removeProject(P));

test('the logs panel of a service page opens following the newest line', async ({ page, baseURL }) => {
  await login(page, baseURL);
  await page.goto(`${baseURL}/`);
  await page
    .locator(`[data-testid="service-row"][data-service="${P}/talker"]`)
    .getByRole('link', { name: 'talker' })
    .click();
  const scroll = page.getByTestId('log-scroll');
  await scroll.scrollIntoViewIfNeeded();
  await expect(scroll.getByTestId('log-line').first()).toBeVisible({ timeout: 30_000 });
  // at the bottom, and the bottom is the newest line
  await expect
    .poll(() => scroll.evaluate((el) => el.scrollHeight - el.scrollTop - el.clientHeight), {
      timeout: 15_000,
    })
    .toBeLessThanOrEqual(24);
  // the newest line is inside the panel's visible box (not above or below it)
  await expect
    .poll(() =>
      scroll.evaluate((el) => {
        const box = el.getBoundingClientRect();
        const lines = el.querySelectorAll('[data-testid="log-message"]');
        const last = lines[lines.length - 1];
        if (!last) return 'no line';
        const r = last.getBoundingClientRect();
        return r.top >= box.top && r.bottom <= box.bottom + 1 ? last.textContent : 'newest line not visible';
      }),
    )
    .toMatch(/^new \d+$/);
  const before = await scroll.getByTestId('log-message').last().textContent();
  // and it keeps following as new lines arrive
  await expect
    .poll(() => scroll.getByTestId('log-message').last().textContent(), { timeout: 15_000 })
    .not.toBe(before);
  await expect
    .poll(() => scroll.evaluate((el) => el.scrollHeight - el.scrollTop - el.clientHeight))
    .toBeLessThanOrEqual(24);
});
