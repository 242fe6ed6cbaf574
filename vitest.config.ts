import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["test/**/*.test.ts"],
    // End-to-end tests build whole sites in child processes.
    testTimeout: 60_000,
    hookTimeout: 60_000,
  },
});
