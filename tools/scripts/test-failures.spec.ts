import { formatFailures, jestFailures, playwrightFailures } from '../../scripts/lib/test-failures.mjs';

describe("npm test's closing list of failures", () => {
  const FAILURE = '\u001b[31mExpected: 429\u001b[39m\nReceived: 200\n\n    at Object.<anonymous> (a.int-spec.ts:1:1)\n    at new Promise (<anonymous>)\n    at run (/repo/node_modules/jest-circus/build/x.js:1:1)';
  const jestReport = {
    testResults: [
      {
        name: '/repo/apps/gateway/src/a.int-spec.ts',
        status: 'failed',
        message: '',
        assertionResults: [
          { status: 'passed', ancestorTitles: ['gateway'], title: 'serves', failureMessages: [] },
          { status: 'failed', ancestorTitles: ['gateway', 'limits'], title: 'refuses the third', failureMessages: [FAILURE] },
        ],
      },
      { name: '/repo/libs/db/src/b.int-spec.ts', status: 'failed', message: 'Cannot find module x', assertionResults: [] },
      { name: '/repo/libs/db/src/c.int-spec.ts', status: 'passed', message: '', assertionResults: [{ status: 'passed', ancestorTitles: [], title: 'ok', failureMessages: [] }] },
    ],
  };

  it('names each failed jest test by file and titles, and suites that failed to run', () => {
    expect(jestFailures(jestReport, '/repo')).toEqual([
      { title: 'apps/gateway/src/a.int-spec.ts › gateway › limits › refuses the third', message: FAILURE },
      { title: 'libs/db/src/b.int-spec.ts (suite failed to run)', message: 'Cannot find module x' },
    ]);
  });

  it('names each unexpected Playwright test by file and describe path, with its last attempt’s errors', () => {
    const report = {
      suites: [
        {
          title: 'keys.spec.ts',
          specs: [],
          suites: [
            {
              title: 'keys',
              specs: [
                { title: 'creates a key', file: 'keys.spec.ts', tests: [{ status: 'unexpected', results: [{ errors: [{ message: 'first try' }] }, { errors: [{ message: 'timed out' }] }] }] },
                { title: 'lists keys', file: 'keys.spec.ts', tests: [{ status: 'flaky', results: [] }] },
              ],
            },
          ],
        },
      ],
      errors: [{ message: 'webServer exited' }],
    };
    expect(playwrightFailures(report)).toEqual([
      { title: 'keys.spec.ts › keys › creates a key', message: 'timed out' },
      { title: '(Playwright run error)', message: 'webServer exited' },
    ]);
  });

  it('prints plain text without colours, blank lines, library stack frames or the tail of long messages', () => {
    const long = Array.from({ length: 50 }, (_, i) => `line ${i}`).join('\n');
    const text = formatFailures([...jestFailures(jestReport, '/repo'), { title: 'long', message: long }]);
    expect(text).toContain('✕ apps/gateway/src/a.int-spec.ts › gateway › limits › refuses the third\n    Expected: 429\n    Received: 200\n        at Object.');
    expect(text).not.toContain('\u001b[');
    expect(text).not.toMatch(/new Promise|node_modules/);
    expect(text).toContain('    line 39\n    … 10 more lines');
    expect(text).not.toContain('line 40');
  });

  it('shows at most twelve failures and says how many more there are', () => {
    const many = Array.from({ length: 15 }, (_, i) => ({ title: `t${i}`, message: 'm' }));
    const text = formatFailures(many);
    expect(text).toContain('✕ t11');
    expect(text).not.toContain('✕ t12');
    expect(text).toMatch(/… and 3 more failures/);
  });
});
