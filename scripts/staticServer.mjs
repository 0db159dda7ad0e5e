// A small static file server for 127.0.0.1: the example pages (`npm run examples`) and the browser tests.
// routes: URL prefix → folder, e.g. { '/dist/': 'dist', '/': 'examples' }; the longest matching prefix wins.
import { createReadStream, statSync } from 'node:fs';
import { createServer } from 'node:http';
import { extname, join, normalize, resolve, sep } from 'node:path';

const TYPES = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json',
  '.map': 'application/json',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
  '.mp4': 'video/mp4',
  '.webm': 'video/webm',
  '.safetensors': 'application/octet-stream',
  '.wgsl': 'text/plain; charset=utf-8',
  '.wasm': 'application/wasm',
};

/** Starts serving; resolves with the server and its base URL once it listens. */
export function startStaticServer(routes, { port = 0, host = '127.0.0.1', log = false } = {}) {
  const table = Object.entries(routes)
    .map(([prefix, dir]) => [prefix, resolve(dir)])
    .sort(([a], [b]) => b.length - a.length);
  const server = createServer((request, response) => {
    const path = decodeURIComponent(new URL(request.url ?? '/', 'http://x').pathname);
    const route = table.find(([prefix]) => path.startsWith(prefix));
    let file = route && normalize(join(route[1], path.slice(route[0].length)));
    if (file && !(file + sep).startsWith(route[1] + sep) && file !== route[1]) file = undefined; // no escaping the folder
    try {
      if (file && statSync(file).isDirectory()) file = join(file, 'index.html');
      const size = file ? statSync(file).size : 0;
      response.writeHead(200, {
        'content-type': TYPES[extname(file).toLowerCase()] ?? 'application/octet-stream',
        'content-length': size,
        'cache-control': 'no-store',
      });
      createReadStream(file).pipe(response);
      if (log) console.log(`200 ${path}`);
    } catch {
      response.writeHead(404, { 'content-type': 'text/plain' }).end(`not found: ${path}\n`);
      if (log) console.log(`404 ${path}`);
    }
  });
  return new Promise((resolveStart, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      const address = server.address();
      resolveStart({ server, url: `http://${host}:${address.port}` });
    });
  });
}
