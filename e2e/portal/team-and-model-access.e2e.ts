import { test } from '@playwright/test';
import { expect, expectAccessible, JOURNEY_TIMEOUT_MS, signIn, signOut, snapshot, watchForProblems } from '../support/portal';
import { portalUser } from '../support/stack';

test.describe.configure({ timeout: JOURNEY_TIMEOUT_MS });

test('journeys 1 and 2: an admin creates a team, sets its budget and allows a model; a developer requests another model and an admin approves it', async ({ page }, testInfo) => {
  const problems = watchForProblems(page);
  const teamName = `Research ${Date.now().toString(36)}`;
  const developer = portalUser('developer');

  // Admin (break-glass): create the team.
  await signIn(page, 'admin', '/teams');
  await expectAccessible(page, 'the teams page');
  await page.getByRole('button', { name: 'Create team' }).click();
  const create = page.getByRole('dialog', { name: 'Create a team' });
  await create.getByLabel('Name').fill(teamName);
  await create.getByLabel('Description').fill('Applied research');
  await create.getByRole('button', { name: 'Create team' }).click();
  await expect(page.getByRole('heading', { level: 1, name: teamName })).toBeVisible();

  // A hard monthly budget of $250.
  const budget = page.getByRole('form', { name: 'Team budget' });
  await budget.getByLabel('Budget (USD)').fill('250');
  await budget.getByLabel('Period').selectOption('monthly');
  await budget.getByRole('button', { name: 'Set budget' }).click();
  await expect(budget.getByRole('status')).toContainText('Budget saved');
  await expect(page.getByTestId('team-budget')).toContainText('$250.00 per month');
  await expect(page.getByTestId('team-budget')).toContainText('$0.00 spent');

  // Allow exactly one model.
  await page.getByRole('checkbox', { name: 'gpt-4o-mini' }).check();
  await page.getByRole('button', { name: 'Save allowed models' }).click();
  await expect(page.getByText('1 model: gpt-4o-mini')).toBeVisible();

  // Add the developer as a member.
  const add = page.getByRole('form', { name: 'Add a member' });
  await add.getByLabel('User').selectOption({ label: `E2E developer (${developer.email})` });
  await add.getByLabel('Role').selectOption('developer');
  await add.getByRole('button', { name: 'Add member' }).click();
  await expect(page.getByRole('row', { name: new RegExp(developer.email) })).toBeVisible();
  await expectAccessible(page, 'the team page');
  await snapshot(page, testInfo, 'team-configured');
  await signOut(page);

  // Developer: finds gpt-4o in the catalog and asks for it for the new team.
  await signIn(page, 'developer', '/models');
  await page.getByLabel('Search').fill('gpt-4o');
  await page.getByRole('button', { name: 'Apply' }).click();
  await expect(page).toHaveURL(/\/models\?q=gpt-4o/);
  await expectAccessible(page, 'the model catalog');
  await page.getByRole('checkbox', { name: 'Compare gpt-4o', exact: true }).check();
  await page.getByRole('checkbox', { name: 'Compare gpt-4o-mini' }).check();
  await page.getByRole('button', { name: 'Compare (2/4)' }).click();
  await expect(page.getByRole('table', { name: 'Model comparison' })).toContainText('Input price');
  await expectAccessible(page, 'the comparison');
  await page.getByRole('link', { name: '← Model catalog' }).click();

  await page.getByRole('link', { name: 'gpt-4o', exact: true }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'gpt-4o' })).toBeVisible();
  const request = page.getByRole('form', { name: 'Request access' });
  await request.getByLabel('Team').selectOption({ label: teamName });
  await request.getByLabel('Reason').fill('Image understanding for the research assistant');
  await request.getByRole('button', { name: 'Request access' }).click();
  await expect(page.getByTestId('access-request').filter({ hasText: teamName })).toContainText('Pending');
  await expectAccessible(page, 'the model page');
  await signOut(page);

  // Admin: approves it in the queue.
  await signIn(page, 'admin', '/models/requests');
  await page.getByRole('button', { name: `Approve gpt-4o for ${teamName}` }).click();
  await page.getByRole('dialog').getByRole('button', { name: 'Approve' }).click();
  await expect(page.getByRole('row', { name: new RegExp(teamName) })).toContainText('Approved');
  await snapshot(page, testInfo, 'access-approved');
  await signOut(page);

  // Developer: sees the decision.
  await signIn(page, 'developer', '/models/requests');
  await expect(page.getByRole('row', { name: new RegExp(teamName) })).toContainText('Approved');
  await expectAccessible(page, 'my access requests');
  expect(problems).toEqual([]);
});
