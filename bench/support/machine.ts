import os from 'node:os';

/** The machine a benchmark ran on, read when it runs. */
export interface Machine {
  cores: number;
  cpuModel: string;
  memoryGiB: number;
  node: string;
  platform: string;
  date: string;
}

export function describeMachine(): Machine {
  const cpus = os.cpus();
  return {
    cores: cpus.length,
    cpuModel: cpus[0]?.model.trim() ?? 'unknown',
    memoryGiB: Math.round((os.totalmem() / 1024 ** 3) * 10) / 10,
    node: process.version,
    platform: `${os.type()} ${os.release()} ${os.arch()}`,
    date: new Date().toISOString().slice(0, 16).replace('T', ' ') + ' UTC',
  };
}

/** One line for a report: cores, CPU, memory, Node.js version, OS and date. */
export function machineLine(machine: Machine): string {
  return (
    `${machine.cores} cores (${machine.cpuModel}), ${machine.memoryGiB} GiB memory, ` +
    `Node.js ${machine.node}, ${machine.platform}; run on ${machine.date}`
  );
}
