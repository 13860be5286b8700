// Kernel paths as analysts read them. The kernel logs NT paths ("\Device\HarddiskVolume3\Windows\...",
// "\SystemRoot\System32\..."); DriveMap turns them into DOS paths ("C:\Windows\...") with the
// NtPath → DosPath pairs of KernelTraceControl's SysConfig/VolumeMapping events (written by xperf and
// PerfView merges). Classic SystemConfig/LogDisk events give drive letters with disk and partition
// numbers but not the volume device number, so they cannot make this mapping exactly and are not used.
// Paths without a known prefix are returned unchanged.

export class DriveMap {
  /** [ntPrefix lowercased, ntPrefix length, dosPrefix], longest prefix first. */
  private prefixes: Array<[string, number, string]> = [];
  /** Bumped on every change, so cached translations can tell they are stale. */
  generation = 0;

  /** Adds "\Device\HarddiskVolume2\" → "C:\". Both sides end with "\" after normalization. */
  add(ntPath: string, dosPath: string): void {
    if (ntPath === '' || dosPath === '' || !ntPath.startsWith('\\')) return;
    const nt = ntPath.endsWith('\\') ? ntPath : ntPath + '\\';
    const dos = dosPath.endsWith('\\') ? dosPath : dosPath + '\\';
    const key = nt.toLowerCase();
    const existing = this.prefixes.find((p) => p[0] === key);
    if (existing) {
      if (existing[2] === dos) return;
      existing[2] = dos;
    } else {
      this.prefixes.push([key, nt.length, dos]);
      this.prefixes.sort((a, b) => b[1] - a[1]);
    }
    this.generation++;
  }

  get size(): number {
    return this.prefixes.length;
  }

  /** The DOS form of an NT path, or the path itself when no mapping applies. */
  toDos(path: string): string {
    if (path.length === 0 || path.charCodeAt(0) !== 0x5c /* \ */) return path;
    const lower = path.toLowerCase();
    for (const [nt, length, dos] of this.prefixes) {
      if (lower.startsWith(nt)) return dos + path.slice(length);
      // "\Device\HarddiskVolume2" exactly (the volume root without the trailing backslash).
      if (lower.length === length - 1 && nt.startsWith(lower)) return dos;
    }
    return path;
  }
}

/** The last component of a Windows or NT path ("C:\x\cmd.exe" → "cmd.exe"). */
export function baseName(path: string): string {
  const slash = Math.max(path.lastIndexOf('\\'), path.lastIndexOf('/'));
  return slash >= 0 ? path.slice(slash + 1) : path;
}

/** True when a path names an executable image (the process's own image, not a DLL). */
export function isExePath(path: string): boolean {
  const n = path.length;
  if (n <= 4 || path.charCodeAt(n - 4) !== 0x2e /* . */) return false;
  return (
    (path.charCodeAt(n - 3) | 0x20) === 0x65 &&
    (path.charCodeAt(n - 2) | 0x20) === 0x78 &&
    (path.charCodeAt(n - 1) | 0x20) === 0x65
  );
}
