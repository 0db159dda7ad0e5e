// npm run examples: serves the example pages, the built library and its weights, laid out as in the package
// (dist/ beside weights/, where the library finds them itself) on http://127.0.0.1:8080
// (PORT to change). WebGPU needs a secure context: localhost / 127.0.0.1 counts as one.
import { EXAMPLE_ROUTES } from './exampleRoutes.mjs';
import { startStaticServer } from './staticServer.mjs';

const port = Number(process.env.PORT ?? 8080);
const { url } = await startStaticServer(EXAMPLE_ROUTES, { port });
console.log(
  `webgpu-style-swap examples at ${url}/  (studio), ${url}/live.html, ${url}/embed.html, ${url}/worker.html, ${url}/three.html, ${url}/babylon.html — Ctrl-C to stop`,
);
