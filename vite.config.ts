import { defineConfig } from 'vite';

// The browser client. The server serves the build from dist/client; during development Vite serves
// the client and passes REST and the collaboration websocket through to a running server.
export default defineConfig({
  root: 'client',
  base: '/',
  build: {
    outDir: '../dist/client',
    emptyOutDir: true,
    target: 'es2022',
    sourcemap: true,
  },
  server: {
    proxy: {
      '/api': { target: 'http://127.0.0.1:8080', changeOrigin: false },
      '/collab': { target: 'http://127.0.0.1:8080', ws: true, changeOrigin: false },
    },
  },
});
