/**
 * Prints the line CI reads, "N passed, N failed", from vitest's JSON report.
 * Skipped and todo tests are listed separately and never counted as passed.
 * Usage: node scripts/ci-summary.ts test-output/vitest.json
 */
import { readFileSync } from "node:fs";

interface Report {
  numPassedTests: number;
  numFailedTests: number;
  numPendingTests: number;
  numTodoTests: number;
  success: boolean;
  testResults: { status: string; message?: string; name: string }[];
}

const file = process.argv[2] ?? "test-output/vitest.json";
let report: Report;
try {
  report = JSON.parse(readFileSync(file, "utf8")) as Report;
} catch (err) {
  console.log(`0 passed, 1 failed`);
  console.error(`no test report at ${file}: ${String(err)}`);
  process.exit(1);
}
// A file that failed to load has no tests in it but still fails the run.
const brokenFiles = report.testResults.filter((r) => r.status === "failed" && r.message).length;
const failed = report.numFailedTests + (report.numFailedTests === 0 ? brokenFiles : 0);
if (report.numPendingTests + report.numTodoTests > 0) {
  console.log(`(${report.numPendingTests} skipped, ${report.numTodoTests} todo — not counted as passed)`);
}
console.log(`${report.numPassedTests} passed, ${failed} failed`);
process.exit(failed > 0 || !report.success ? 1 : 0);
