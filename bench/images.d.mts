export function benchImage(name: string, size: number): { width: number; height: number; data: Uint8Array };
export function sampleImage(name: string, width: number, height: number): { width: number; height: number; data: Uint8Array };
export function writePng(path: string, image: { width: number; height: number; data: Uint8Array }): void;
