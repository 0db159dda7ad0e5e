// What `npm run examples` and the browser tests serve: the pages, the built library beside its weights (as the
// package lays them out), and the engines the engine pages import (devDependencies, from node_modules).
export const EXAMPLE_ROUTES = {
  '/dist/': 'dist',
  '/weights/': 'weights',
  '/vendor/three/': 'node_modules/three/build',
  '/vendor/babylonjs/': 'node_modules/@babylonjs/core',
  '/': 'examples',
};
