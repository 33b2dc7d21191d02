import type { NextConfig } from "next";
import createNextIntlPlugin from "next-intl/plugin";
import { NAMESPACES } from "./lib/i18n/namespaces";

// The UI's language per request (lib/i18n/request.ts); URLs carry no locale.
// Catalogs are compiled at build time, so the browser gets no ICU parser.
const withNextIntl = createNextIntlPlugin({
  requestConfig: "./lib/i18n/request.ts",
  experimental: { messages: { format: "json", path: NAMESPACES.map((ns) => `./messages/${ns}`), locales: ["en", "ja"], precompile: true } },
});

const nextConfig: NextConfig = {
  // PGlite ships WASM and data files that must be loaded from node_modules at runtime.
  serverExternalPackages: ["@electric-sql/pglite", "pg", "ioredis"],
  // Separate build directories let several builds (e.g. parallel e2e runs) coexist.
  distDir: process.env.NEXT_DIST_DIR || ".next",
  // `npm test` type-checks the whole project (tsc --noEmit) as its own stage; the build need not repeat it.
  typescript: { ignoreBuildErrors: true },
  poweredByHeader: false,
  reactStrictMode: true,
  typedRoutes: false,
  devIndicators: false,
  // A benchmark build (BENCH_BUILD=1, bench/run.ts) also routes `route.bench.ts` files: the
  // benchmark's framework floor and its bench/ imports are not part of any other build.
  pageExtensions: process.env.BENCH_BUILD === "1" ? ["bench.ts", "tsx", "ts", "jsx", "js"] : ["tsx", "ts", "jsx", "js"],
};

export default withNextIntl(nextConfig);
