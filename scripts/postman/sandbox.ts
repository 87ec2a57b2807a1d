/** The sandbox scripts of sandbox/, read as Postman stores them: one string per line. */
import { readFileSync } from "node:fs";
import { join } from "node:path";

export function sandboxScript(name: string): string {
  return readFileSync(join(import.meta.dirname, "sandbox", `${name}.js`), "utf8").trimEnd();
}
