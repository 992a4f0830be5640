import { defineConfig } from "vitest/config";
import { svelte } from "@sveltejs/vite-plugin-svelte";
import { svelteTesting } from "@testing-library/svelte/vite";

// Tauri serves `dist/` from the app's root, so the default base "/" is right.
// Only index.html is an entry: preview.html (screens over fixture data) never reaches the app.
export default defineConfig({
  plugins: [svelte(), svelteTesting()],
  clearScreen: false,
  server: {
    host: "127.0.0.1",
    port: 5173,
    strictPort: true,
  },
  preview: {
    host: "127.0.0.1",
    port: 4173,
    strictPort: true,
  },
  build: {
    outDir: "dist",
    emptyOutDir: true,
    target: "es2022",
    // An inlined asset would become a data: URL; keep every asset a file so the CSP stays simple.
    assetsInlineLimit: 0,
    sourcemap: false,
  },
  test: {
    environment: "jsdom",
    include: ["src/**/*.test.ts"],
    setupFiles: ["src/test-setup.ts"],
    restoreMocks: true,
    // The laptop's own time zone must not leak into what the UI shows: run every test far
    // from Paris, so a formatter that forgot `timeZone: "Europe/Paris"` fails.
    env: { TZ: "America/Los_Angeles" },
  },
});
