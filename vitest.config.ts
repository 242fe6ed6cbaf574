import { defineConfig } from "vitest/config";
import SummaryReporter from "./test/helpers/summary-reporter.ts";

export default defineConfig({
  test: {
    include: ["test/**/*.test.ts"],
    setupFiles: ["test/helpers/setup.ts"],
    // Both cores: end-to-end tests wait on child processes and Pagefind's as much as they compute.
    maxWorkers: 2,
    reporters: ["default", new SummaryReporter()],
    // End-to-end tests build whole sites in child processes: a loaded 2-core machine must not fail them.
    testTimeout: 180_000,
    hookTimeout: 180_000,
  },
});
