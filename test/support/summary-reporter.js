// Prints one plain closing line ("jest: N passed, N failed, N skipped") after Jest's own
// summary, so CI logs end with a count any tool can read.
class SummaryReporter {
  onRunComplete(_contexts, results) {
    const skipped = results.numPendingTests + results.numTodoTests;
    const line = `jest: ${results.numPassedTests} passed, ${results.numFailedTests} failed, ${skipped} skipped`;
    // Written at exit, after the coverage table and Jest's own summary, so it is the last line.
    process.once('exit', () => process.stdout.write(`\n${line}\n`));
  }
}

module.exports = SummaryReporter;
