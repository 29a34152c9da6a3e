// What failed, in a few lines each, for the end of `npm test`'s output. CI logs are often read from
// the end (or cut in the middle); jest prints a failure's message where the suite ran, and many
// suites' console output may follow it.
import { relative } from 'node:path';
import { stripVTControlCharacters } from 'node:util';

const MESSAGE_LINES = 40;
const MAX_FAILURES = 12;
/** Stack frames in dependencies and Node itself: they never say which of our lines failed. */
const LIBRARY_FRAME = /^\s*at .*(\/node_modules\/|node:internal|<anonymous>\)?$)/;

/**
 * `{ title, message }` for every failed test and every suite that failed without a failed test, from a
 * jest --json report; suite paths relative to `root`.
 */
export function jestFailures(report, root) {
  const failures = [];
  for (const suite of report.testResults ?? []) {
    const file = relative(root, suite.name);
    const failed = (suite.assertionResults ?? []).filter((a) => a.status === 'failed');
    for (const a of failed) failures.push({ title: `${file} › ${[...a.ancestorTitles, a.title].join(' › ')}`, message: a.failureMessages.join('\n') });
    if (failed.length === 0 && suite.status === 'failed') failures.push({ title: `${file} (suite failed to run)`, message: suite.message ?? '' });
  }
  return failures;
}

/** The same for a Playwright JSON report: every test whose last result was not expected. */
export function playwrightFailures(report) {
  const failures = [];
  const walk = (suite, path) => {
    for (const spec of suite.specs ?? []) {
      for (const test of spec.tests ?? []) {
        if (test.status !== 'unexpected') continue;
        const last = test.results?.at(-1);
        failures.push({ title: `${spec.file} › ${[...path, spec.title].join(' › ')}`, message: (last?.errors ?? []).map((e) => e.message ?? '').join('\n') });
      }
    }
    for (const child of suite.suites ?? []) walk(child, [...path, child.title]);
  };
  for (const suite of report.suites ?? []) walk(suite, []);
  for (const error of report.errors ?? []) failures.push({ title: '(Playwright run error)', message: error.message ?? '' });
  return failures;
}

/** Plain text: each failure's title and the first lines of its message, colours and library stack frames stripped; at most MAX_FAILURES. */
export function formatFailures(failures) {
  const shown = failures.slice(0, MAX_FAILURES).map(({ title, message }) => {
    const lines = stripVTControlCharacters(message).split('\n').filter((line) => line.trim() !== '' && !LIBRARY_FRAME.test(line));
    const cut = lines.length > MESSAGE_LINES ? [...lines.slice(0, MESSAGE_LINES), `… ${lines.length - MESSAGE_LINES} more lines`] : lines;
    return [`✕ ${title}`, ...cut.map((line) => `    ${line}`)].join('\n');
  });
  if (failures.length > MAX_FAILURES) shown.push(`… and ${failures.length - MAX_FAILURES} more failures (see test-results/)`);
  return shown.join('\n\n');
}
