/**
 * The layering of src/, checked in the test run (test/unit/architecture.test.ts):
 *   cli → command table → commands → kinds → review | rescue | codex | hooks | gate | … → render → contracts → jobs → claude → lib
 * (contracts: the data each job kind stores, zod schemas and their types, which a domain writes and
 * render reads.) Each rule names a direction that must never appear; `no-circular` forbids every cycle.
 */
const DOMAINS = "(review|rescue|codex|hooks|gate|transfer|update|mcp)";
module.exports = {
  forbidden: [
    { name: "no-circular", severity: "error", comment: "Import cycles hide which module owns what.", from: {}, to: { circular: true } },
    {
      name: "lib-is-generic",
      severity: "error",
      comment: "src/lib/ holds generic helpers: it imports nothing else of cc.",
      from: { path: "^src/lib/" },
      to: { path: "^src/", pathNot: "^src/lib/" },
    },
    {
      name: "claude-runner-below-jobs",
      severity: "error",
      comment: "The Claude runner knows no jobs, draws nothing and knows no command.",
      from: { path: "^src/claude/" },
      to: { path: "^src/", pathNot: "^src/(claude|lib)/" },
    },
    {
      name: "jobs-know-no-kind",
      severity: "error",
      comment: "The job engine knows no job kind and prints nothing: no domain, renderer, kind registry or command.",
      from: { path: "^src/jobs/" },
      to: { path: "^src/", pathNot: "^src/(jobs|claude|lib)/" },
    },
    {
      name: "render-is-pure",
      severity: "error",
      comment: "Renderers are pure (data in, text out): they read no files and run nothing.",
      from: { path: "^src/render/" },
      to: { path: ["^src/(commands|kinds\\.ts|cli\\.ts|command-table\\.ts)", "^(node:)?(fs|child_process|fs/promises)$", "^bun:sqlite$"] },
    },
    {
      name: "render-reads-no-store",
      severity: "error",
      comment: "Renderers may use the engine's types, not its store or processes.",
      from: { path: "^src/render/" },
      to: { path: "^src/jobs/", pathNot: "^src/jobs/types\\.ts$" },
    },
    {
      name: "render-knows-no-domain",
      severity: "error",
      comment: "Domains call render; render reads what they stored through src/contracts/, never a domain module.",
      from: { path: "^src/render/" },
      to: { path: `^src/${DOMAINS}/` },
    },
    {
      name: "contracts-are-data",
      severity: "error",
      comment: "A contract is schemas and types: it imports zod, lib/ and other contracts, nothing that runs.",
      from: { path: "^src/contracts/" },
      to: { path: "^src/", pathNot: "^src/(contracts|lib)/" },
    },
    {
      name: "domains-never-import-commands",
      severity: "error",
      comment: "Domain folders are called by commands, never the other way round.",
      from: { path: `^src/${DOMAINS}/` },
      to: { path: "^src/(commands/|kinds\\.ts|cli\\.ts|command-table\\.ts)" },
    },
    {
      name: "commands-do-not-talk-to-each-other",
      severity: "error",
      comment: "A command may share the helpers in commands/_*.ts and meta.ts, not another command.",
      from: { path: "^src/commands/" },
      to: { path: "^src/commands/", pathNot: "^src/commands/(_[^/]+|meta)\\.ts$" },
    },
    {
      name: "kinds-below-commands",
      severity: "error",
      comment: "The kind registry wires domains to the engine; it knows no command.",
      from: { path: "^src/kinds\\.ts$" },
      to: { path: "^src/(commands/|cli\\.ts|command-table\\.ts)" },
    },
  ],
  options: {
    doNotFollow: { path: "node_modules" },
    includeOnly: "^src/",
    tsPreCompilationDeps: true,
    tsConfig: { fileName: "tsconfig.json" },
    enhancedResolveOptions: { extensions: [".ts", ".js", ".json"] },
  },
};
