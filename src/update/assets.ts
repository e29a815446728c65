/**
 * Names and addresses of release assets, shared by the build (which writes them), `cc update` and
 * the install scripts (which fetch them). A release server is any HTTP server with GitHub's layout:
 * `<base>/download/v<version>/<file>` and `<base>/latest/download/<file>`.
 */
import { z } from "zod";

/** Where releases come from unless CC_RELEASE_BASE says otherwise (mirrors, tests). */
export const DEFAULT_RELEASE_BASE = "https://github.com/cc-for-codex/cc/releases";
export const GITHUB_REPO = "cc-for-codex/cc";

export const releaseBase = (env: Record<string, string | undefined> = process.env): string => (env.CC_RELEASE_BASE || DEFAULT_RELEASE_BASE).replace(/\/+$/, "");

/** `linux-x64-musl` → `cc-0.1.0-linux-x64-musl`. */
export const archiveBaseName = (version: string, target: string) => `cc-${version}-${target.replace(/^bun-/, "")}`;
const archiveExtension = (target: string) => (target.includes("windows") ? "zip" : "tar.gz");
export const archiveName = (version: string, target: string) => `${archiveBaseName(version, target)}.${archiveExtension(target)}`;

export const assetUrl = (base: string, version: string | "latest", file: string) =>
  version === "latest" ? `${base}/latest/download/${file}` : `${base}/download/v${version}/${file}`;

export const versionSchema = z.string().regex(/^\d+\.\d+\.\d+(-[0-9A-Za-z.-]+)?$/, "a version like 1.2.3");

/** Semantic-version order: numeric parts, then a release above any of its pre-releases. */
export function compareVersions(a: string, b: string): number {
  const split = (v: string) => {
    const [core = "", pre] = v.split(/-(.*)/s);
    return { nums: core.split(".").map(Number), pre };
  };
  const x = split(a);
  const y = split(b);
  for (let i = 0; i < 3; i++) if ((x.nums[i] ?? 0) !== (y.nums[i] ?? 0)) return (x.nums[i] ?? 0) < (y.nums[i] ?? 0) ? -1 : 1;
  if (x.pre === y.pre) return 0;
  if (x.pre === undefined) return 1;
  if (y.pre === undefined) return -1;
  return x.pre.localeCompare(y.pre, "en", { numeric: true });
}

const sumLine = z.tuple([z.string().regex(/^[0-9a-f]{64}$/), z.string().regex(/^cc-[^/\\\s]+\.(tar\.gz|zip)$/)]);

/** SHA256SUMS text → file name → hex digest. Lines that are not `<sha256>  <cc archive>` are refused. */
export function parseChecksums(text: string): Map<string, string> {
  const sums = new Map<string, string>();
  for (const raw of text.split(/\r?\n/)) {
    const line = raw.trim();
    if (!line) continue;
    const m = /^(\S+)\s+\*?(\S+)$/.exec(line);
    const parsed = sumLine.safeParse(m ? [m[1], m[2]] : []);
    if (!parsed.success) throw new Error(`unexpected line in SHA256SUMS: ${JSON.stringify(line.slice(0, 120))}`);
    sums.set(parsed.data[1], parsed.data[0]);
  }
  if (sums.size === 0) throw new Error("SHA256SUMS is empty");
  return sums;
}

/** The version a SHA256SUMS file is for, read from its archive for `target` (`cc-<version>-<target>.<ext>`). */
export function versionInChecksums(sums: Map<string, string>, target: string): string | null {
  const suffix = `-${target}.${archiveExtension(target)}`;
  for (const name of sums.keys()) {
    if (!name.endsWith(suffix)) continue;
    const version = name.slice("cc-".length, -suffix.length);
    if (versionSchema.safeParse(version).success) return version;
  }
  return null;
}
