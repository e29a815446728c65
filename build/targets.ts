/** The release matrix: Bun compile target → archive name suffix. */
export const releaseTargets = [
  "bun-linux-x64",
  "bun-linux-x64-baseline",
  "bun-linux-arm64",
  "bun-linux-x64-musl",
  "bun-linux-arm64-musl",
  "bun-darwin-x64",
  "bun-darwin-arm64",
  "bun-windows-x64",
] as const;

export type ReleaseTarget = (typeof releaseTargets)[number];

export const isWindowsTarget = (target: string) => target.includes("windows");

export { archiveBaseName } from "../src/update/assets.ts";
