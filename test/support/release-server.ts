/**
 * A release server on 127.0.0.1 with GitHub's layout, serving `<root>/<version>/<file>`:
 *   <url>/download/v<version>/<file>   and   <url>/latest/download/<file>  (→ the `latest` version)
 * `slow` trickles archives out so a test can kill a client half-way through a download.
 */
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";

export interface ReleaseServer {
  /** The release base, e.g. http://127.0.0.1:1234/releases (what CC_RELEASE_BASE takes). */
  url: string;
  latest: string;
  slow: boolean;
  /** Every path requested, in order. */
  requests: string[];
  close(): Promise<void>;
}

export function startReleaseServer(root: string, latest: string): ReleaseServer {
  const state = { latest, slow: false, requests: [] as string[] };
  const server = Bun.serve({
    hostname: "127.0.0.1",
    port: 0,
    fetch(request) {
      const path = new URL(request.url).pathname;
      state.requests.push(path);
      const m = /^\/releases\/(?:download\/v([^/]+)|latest\/download)\/([^/]+)$/.exec(path);
      if (!m) return new Response("not found", { status: 404 });
      const file = join(root, m[1] ?? state.latest, m[2]!);
      if (!existsSync(file)) return new Response("not found", { status: 404 });
      const bytes = readFileSync(file);
      if (!state.slow || !/\.(tar\.gz|zip)$/.test(file)) return new Response(bytes);
      // 64 KiB every 50 ms: a 50 MiB archive would take minutes.
      let offset = 0;
      const body = new ReadableStream({
        async pull(controller) {
          await Bun.sleep(50);
          if (offset >= bytes.length) return controller.close();
          controller.enqueue(bytes.subarray(offset, offset + 65536));
          offset += 65536;
        },
      });
      return new Response(body, { headers: { "content-length": String(bytes.length) } });
    },
  });
  return {
    url: `http://127.0.0.1:${server.port}/releases`,
    get latest() {
      return state.latest;
    },
    set latest(v: string) {
      state.latest = v;
    },
    get slow() {
      return state.slow;
    },
    set slow(v: boolean) {
      state.slow = v;
    },
    requests: state.requests,
    close: async () => {
      await server.stop(true);
    },
  };
}
