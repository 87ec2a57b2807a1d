/**
 * Part of `npm run check:package`: in an unpacked tarball, every declaration file has its map
 * and every map points at a source file that ships too, so "go to definition" in a user's
 * editor opens our TypeScript instead of a .d.ts or nothing.
 */
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { dirname, join, relative } from "node:path";

const packageDir = process.argv[2];
if (!packageDir) throw new Error("usage: check-declaration-maps.ts <unpacked package folder>");

const declarations = readdirSync(join(packageDir, "dist"), { recursive: true, encoding: "utf8" })
  .filter((file) => file.endsWith(".d.ts"))
  .map((file) => join(packageDir, "dist", file));
const problems: string[] = [];
for (const declaration of declarations) {
  const map = `${declaration}.map`;
  if (!existsSync(map)) {
    problems.push(`${relative(packageDir, declaration)} has no declaration map`);
    continue;
  }
  const { sources } = JSON.parse(readFileSync(map, "utf8")) as { sources: string[] };
  for (const source of sources) {
    const file = join(dirname(map), source);
    if (!existsSync(file))
      problems.push(`${relative(packageDir, map)} points at ${source}, which does not ship`);
  }
}
if (declarations.length === 0) problems.push("the package has no declaration files");
for (const problem of problems) console.error(`check:package: ${problem}`);
if (problems.length > 0) process.exit(1);
console.log(
  `check:package: ${declarations.length} declaration files, each mapped to shipped source`,
);
