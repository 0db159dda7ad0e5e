export function benchImage(name: string, size: number): { width: number; height: number; data: Uint8Array };
export function writePng(path: string, image: { width: number; height: number; data: Uint8Array }): void;
