import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["test/**/*.test.ts"],
    // Starts one Prism mock per bundled spec on free loopback ports, and stops them afterwards.
    globalSetup: ["test/contract/global-setup.ts"],
    testTimeout: 20_000,
  },
});
