import { defineConfig } from "vitest/config";
import SummaryReporter from "./test/helpers/summary-reporter.ts";

export default defineConfig({
  test: {
    include: ["test/**/*.test.ts"],
    reporters: ["default", new SummaryReporter()],
    // End-to-end tests build whole sites in child processes.
    testTimeout: 60_000,
    hookTimeout: 60_000,
  },
});
