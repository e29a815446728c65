/** A yes/no question on the terminal; Enter means yes unless `enterMeans` is false. */
import { createInterface } from "node:readline/promises";

export async function askYesNo(question: string, enterMeans = true): Promise<boolean> {
  const rl = createInterface({ input: process.stdin, output: process.stdout });
  try {
    const answer = (await rl.question(question)).trim().toLowerCase();
    return answer === "" ? enterMeans : answer === "y" || answer === "yes";
  } finally {
    rl.close();
  }
}
