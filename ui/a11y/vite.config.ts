// Builds the mock-engine variant of the UI for the accessibility audit. Separate from the app's
// vite.config.ts so nothing here can reach the app's bundle.
import { defineConfig } from "vite";
import { svelte } from "@sveltejs/vite-plugin-svelte";
import { fileURLToPath } from "node:url";

const ui = fileURLToPath(new URL("..", import.meta.url));

export default defineConfig({
  root: ui,
  plugins: [svelte()],
  logLevel: "warn",
  build: {
    outDir: "dist-a11y",
    emptyOutDir: true,
    assetsInlineLimit: 0,
    target: "es2022",
    rollupOptions: { input: fileURLToPath(new URL("./index.html", import.meta.url)) },
  },
});
