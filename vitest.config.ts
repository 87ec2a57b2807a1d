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
