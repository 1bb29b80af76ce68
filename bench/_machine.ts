import os from 'node:os'

/** The machine a results file was measured on, as the reliability figures record it. */
export function machine(): {
  cpus: number
  cpuModel: string
  memoryGiB: number
  platform: string
  node: string
  loadAverage: number[]
} {
  const cpus = os.cpus()
  return {
    cpus: cpus.length,
    cpuModel: cpus[0]?.model.trim() ?? 'unknown',
    memoryGiB: Math.round(os.totalmem() / 2 ** 30),
    platform: `${os.platform()} ${os.release()}`,
    node: process.version,
    loadAverage: os.loadavg().map((l) => Math.round(l * 100) / 100),
  }
}
