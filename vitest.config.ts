import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    testTimeout: 20_000,
    projects: [
      {
        extends: true,
        test: {
          name: "unit",
          include: ["test/**/*.test.ts"],
          exclude: ["test/contract/**", "**/node_modules/**"],
        },
      },
      {
        extends: true,
        test: {
          name: "contract",
          include: ["test/contract/**/*.test.ts"],
          // Starts Prism for every bundled spec (static, and dynamic with several seeds) on free
          // loopback ports, and stops them all afterwards. Runs only when contract files do.
          globalSetup: ["test/contract/global-setup.ts"],
        },
      },
    ],
  },
});
