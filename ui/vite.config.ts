import { defineConfig } from "vitest/config";
import { svelte } from "@sveltejs/vite-plugin-svelte";

// Vitest sets VITEST; only then do we want Svelte's browser build (jsdom),
// otherwise Svelte resolves to its server build and `mount` is unavailable.
const testing = Boolean(process.env.VITEST);

export default defineConfig({
  plugins: [svelte()],
  // Tauri prints its own errors; keep Vite from clearing them away.
  clearScreen: false,
  server: { port: 1420, strictPort: true },
  build: {
    outDir: "dist",
    // Never inline assets as data: URLs, so a strict CSP (img-src 'self') still loads the logo.
    assetsInlineLimit: 0,
  },
  resolve: testing ? { conditions: ["browser"] } : undefined,
  test: {
    environment: "jsdom",
    include: ["tests/**/*.test.ts"],
  },
});
