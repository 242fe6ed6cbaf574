import { defineConfig } from "vitest/config";
import SummaryReporter from "./test/helpers/summary-reporter.ts";

// `npm run test:browser`: the site in Debian's Chromium, driven by playwright-core.
export default defineConfig({
  test: {
    include: ["test/browser/**/*.browser.ts"],
    setupFiles: ["test/helpers/setup.ts"],
    reporters: ["default", new SummaryReporter()],
    testTimeout: 120_000,
    hookTimeout: 120_000,
  },
});
