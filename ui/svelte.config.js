import { vitePreprocess } from "@sveltejs/vite-plugin-svelte";

// Shared by vite-plugin-svelte and svelte-check so both see the same TypeScript handling.
export default {
  preprocess: vitePreprocess(),
};
