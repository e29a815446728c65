import type { ArgsDef } from "citty";
import { UsageError } from "./lib/errors.ts";
import { ccHint, terminalHint } from "./lib/invocation.ts";

const toCamel = (s: string) => s.replace(/-([a-z0-9])/g, (_, c: string) => c.toUpperCase());

/**
 * citty accepts any flag silently; cc refuses unknown ones so a typo (`--backgroud`) never turns
 * into a different run than the user asked for.
 */
export function assertKnownFlags(rawArgs: string[], argsDef: ArgsDef, command: string): void {
  const known = new Map<string, { type: string }>();
  for (const [key, def] of Object.entries(argsDef)) {
    if (def.type === "positional") continue;
    const type = def.type ?? "string";
    known.set(toCamel(key), { type });
    const alias = "alias" in def ? def.alias : undefined;
    const aliases = alias === undefined ? [] : Array.isArray(alias) ? alias : [alias];
    for (const alias of aliases) known.set(toCamel(alias), { type });
  }
  for (let i = 0; i < rawArgs.length; i++) {
    const arg = rawArgs[i]!;
    if (arg === "--") return;
    if (!arg.startsWith("-") || arg === "-") continue;
    const [flag, inlineValue] = arg.replace(/^-{1,2}/, "").split(/=(.*)/s, 2) as [string, string | undefined];
    let def = known.get(toCamel(flag));
    if (!def && flag.startsWith("no-")) {
      const negated = known.get(toCamel(flag.slice(3)));
      if (negated?.type === "boolean") def = negated;
    }
    if (!def) {
      const flags = [...Object.entries(argsDef)].filter(([, d]) => d.type !== "positional").map(([k]) => `--${k}`);
      throw new UsageError(
        `unknown option "${arg}" for ${ccHint(command)}`,
        flags.length ? `Options: ${flags.join(", ")}. See ${terminalHint("help", command)}.` : `${ccHint(command)} takes no options.`,
      );
    }
    if ((def.type === "string" || def.type === "enum") && inlineValue === undefined) {
      const next = rawArgs[i + 1];
      if (next === undefined || (next.startsWith("-") && next !== "-")) {
        throw new UsageError(`option "${arg}" needs a value`, `See ${terminalHint("help", command)}.`);
      }
      i++;
    }
  }
}
