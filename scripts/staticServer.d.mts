import type { Server } from 'node:http';
export function startStaticServer(
  routes: Record<string, string>,
  options?: { port?: number; host?: string; log?: boolean },
): Promise<{ server: Server; url: string }>;
