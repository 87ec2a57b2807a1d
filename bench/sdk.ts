/**
 * The SDK as users load it: the built bundle `dist/src/index.js` (run.ts builds it first), typed
 * as its source. Importing src/ through tsx instead would measure the TypeScript loader's
 * wrappers too.
 */
import { existsSync } from "node:fs";
import { fileURLToPath, pathToFileURL } from "node:url";

export const sdkEntry = fileURLToPath(new URL("../dist/src/index.js", import.meta.url));
if (!existsSync(sdkEntry)) throw new Error(`${sdkEntry} is missing: run \`npm run build\` first`);

export const sdk: typeof import("../src/index.ts") = await import(pathToFileURL(sdkEntry).href);
