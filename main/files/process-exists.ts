/** Whether a process with this id exists on this machine (signal 0 checks without signalling). */
export function processExists(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM: it exists but belongs to another account (a service run as a system user).
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}
