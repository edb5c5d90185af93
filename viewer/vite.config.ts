import { defineConfig } from "vite";

// Built into the Python package; the server serves index.html for page routes and the
// assets under /static/.
export default defineConfig({
  base: "/static/",
  build: {
    outDir: "../src/panelbank/pages/static",
    emptyOutDir: true,
    assetsDir: "assets",
    sourcemap: false,
    // every asset a file of its own (KaTeX's fonts too): the CSP allows fonts and images
    // from the server itself, not inlined data: fonts
    assetsInlineLimit: 0,
    // the Vega chunk (vega-embed, vega, vega-lite: ~880 kB) is loaded only when a custom chart is shown
    chunkSizeWarningLimit: 1024,
  },
  server: { proxy: { "/api": "http://127.0.0.1:8080", "/login": "http://127.0.0.1:8080" } },
});
