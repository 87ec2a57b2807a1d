import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    // Ceilings for a hung test, not speed requirements: two suites sharing a loaded 2-core
    // machine must not fail on time. The slow tests (docs, mock, conformance) set their own.
    testTimeout: 120_000,
    hookTimeout: 300_000,
    projects: [
      {
        extends: true,
        test: {
          name: "unit",
          include: ["test/**/*.test.ts"],
          exclude: ["test/contract/**", "test/postman/newman.test.ts", "**/node_modules/**"],
        },
      },
      {
        extends: true,
        test: {
          name: "contract",
          // Newman runs the Postman collections against the same Prisms.
          include: ["test/contract/**/*.test.ts", "test/postman/newman.test.ts"],
          // Starts Prism for every bundled spec (static, and dynamic with several seeds) on free
          // loopback ports, and stops them all afterwards. Runs only when contract files do.
          globalSetup: ["test/contract/global-setup.ts"],
        },
      },
    ],
  },
});
