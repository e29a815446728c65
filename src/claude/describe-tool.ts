/** One short, human line per tool call for progress and logs: `Read src/x.ts`, `Bash: git diff --stat`. */
import { isAbsolute, relative } from "node:path";

const MAX = 72;

function clip(text: string, max = MAX): string {
  const line = text.replace(/\s+/g, " ").trim();
  return line.length > max ? `${line.slice(0, max - 1)}…` : line;
}

function shortPath(path: string, cwd: string | null): string {
  if (!cwd || !isAbsolute(path)) return path;
  const rel = relative(cwd, path);
  return rel && !rel.startsWith("..") && !isAbsolute(rel) ? rel : path;
}

const str = (v: unknown): string | null => (typeof v === "string" && v.length > 0 ? v : null);

export function describeTool(name: string, input: unknown, cwd: string | null = null): string {
  const i = (input && typeof input === "object" ? input : {}) as Record<string, unknown>;
  const path = str(i.file_path) ?? str(i.notebook_path) ?? str(i.path);
  switch (name) {
    case "Read":
    case "Write":
    case "Edit":
    case "MultiEdit":
    case "NotebookEdit":
      return path ? clip(`${name} ${shortPath(path, cwd)}`) : name;
    case "Bash": {
      const command = str(i.command);
      return command ? clip(`Bash: ${command}`) : "Bash";
    }
    case "Grep": {
      const pattern = str(i.pattern);
      if (!pattern) return "Grep";
      return clip(`Grep "${pattern}"${path ? ` in ${shortPath(path, cwd)}` : ""}`);
    }
    case "Glob": {
      const pattern = str(i.pattern);
      return pattern ? clip(`Glob ${pattern}`) : "Glob";
    }
    case "WebFetch":
      return str(i.url) ? clip(`WebFetch ${i.url}`) : "WebFetch";
    case "WebSearch":
      return str(i.query) ? clip(`WebSearch "${i.query}"`) : "WebSearch";
    case "Task":
    case "Agent": {
      const d = str(i.description);
      return d ? clip(`${name}: ${d}`) : name;
    }
    case "StructuredOutput":
      return "StructuredOutput (final answer)";
    default:
      return clip(name);
  }
}
