import path from "node:path";
import { defineConfig } from "vitest/config";

// Server modules start with `import "server-only"`, which throws outside a React server build;
// tests import them directly, so the marker resolves to its empty module here.
const alias = { "@": path.resolve(import.meta.dirname), "server-only": path.resolve(import.meta.dirname, "node_modules/server-only/empty.js") };
const testEnv = {
  BETTER_AUTH_URL: "http://localhost:3000",
  BETTER_AUTH_SECRET: "test-secret-test-secret-test-secret-0123456789",
  NODE_ENV: "test" as const,
  SEED_DEMO: "never",
  // The suites send far more requests per credential than anyone would; the limits have tests of their own.
  API_RATE_LIMIT_SESSION: "1000000",
  API_RATE_LIMIT_KEY: "1000000",
  API_RATE_LIMIT_ANONYMOUS: "1000000",
  // Webhook tests deliver to receivers on 127.0.0.1; the refusal of private addresses has tests of its own.
  WEBHOOK_ALLOW_PRIVATE_URLS: "1",
  // Tests run their own delivery workers.
  WEBHOOK_WORKER: "0",
};

export default defineConfig({
  resolve: { alias },
  test: {
    // Each PGlite database holds a few hundred MB: two workers fit a 2-core machine.
    maxWorkers: 2,
    projects: [
      {
        resolve: { alias },
        test: {
          name: "unit",
          include: ["lib/**/*.test.ts", "components/**/*.test.{ts,tsx}", "bench/**/*.test.ts"],
          exclude: ["**/*.api.test.ts", "**/node_modules/**"],
          environment: "node",
          env: testEnv,
        },
      },
      {
        resolve: { alias },
        test: {
          name: "api",
          include: ["app/**/*.test.ts", "lib/**/*.api.test.ts", "db/**/*.api.test.ts", "bench/**/*.api.test.ts"],
          environment: "node",
          env: testEnv,
          globalSetup: ["tests/support/global-setup.ts"],
          setupFiles: ["tests/support/api-setup.ts"],
          testTimeout: 30_000,
          hookTimeout: 60_000,
        },
      },
      {
        resolve: { alias },
        test: {
          // The SDK (sdk/) end to end against the route handlers and a real database.
          name: "sdk",
          include: ["sdk/**/*.test.ts"],
          environment: "node",
          env: testEnv,
          globalSetup: ["tests/support/global-setup.ts"],
          setupFiles: ["tests/support/api-setup.ts"],
          testTimeout: 30_000,
          hookTimeout: 60_000,
        },
      },
      {
        resolve: { alias },
        test: {
          name: "robustness",
          include: ["e2e/robustness/**/*.test.ts"],
          environment: "node",
          env: testEnv,
          globalSetup: ["tests/support/global-setup.ts"],
          setupFiles: ["tests/support/api-setup.ts"],
          testTimeout: 120_000,
          hookTimeout: 120_000,
          fileParallelism: false,
        },
      },
    ],
  },
});
