/**
 * Whether a package manager owns this cc. Decided from the executable's real path (authoritative:
 * a stored "installed by" note goes stale), so `cc update` defers to the manager instead of
 * overwriting files it tracks.
 */
export interface PackageManager {
  name: "Homebrew" | "Scoop";
  upgradeCommand: string;
}

export function packageManagerOf(realExecutable: string): PackageManager | null {
  const path = realExecutable.replaceAll("\\", "/");
  if (/\/Cellar\/[^/]+\//.test(path)) return { name: "Homebrew", upgradeCommand: "brew upgrade cc" };
  if (/\/scoop\/apps\//i.test(path)) return { name: "Scoop", upgradeCommand: "scoop update cc" };
  return null;
}
