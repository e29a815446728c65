import pkg from "../../package.json" with { type: "json" };

// Replaced at compile time by build/build.ts (`--define`); absent when running from source.
declare const CC_BUILD_COMMIT: string | undefined;
declare const CC_BUILD_TARGET: string | undefined;
declare const CC_BUILD_VERSION: string | undefined;

export interface BuildInfo {
  version: string;
  commit: string;
  target: string;
}

export function buildInfo(): BuildInfo {
  return {
    version: typeof CC_BUILD_VERSION === "string" ? CC_BUILD_VERSION : pkg.version,
    commit: typeof CC_BUILD_COMMIT === "string" ? CC_BUILD_COMMIT : "source",
    target: typeof CC_BUILD_TARGET === "string" ? CC_BUILD_TARGET : `source (bun ${Bun.version}, ${process.platform}-${process.arch})`,
  };
}
