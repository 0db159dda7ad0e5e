export interface MemoryStats {
  live: number;
  peak: number;
  largest: number;
  largestLabel: string;
}
export function trackMemory(device: GPUDevice): MemoryStats;
export function mib(bytes: number): string;
