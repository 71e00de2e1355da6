// Writes LICENSES: each package that esbuild put into the .min.js files (its metafile), with its version,
// licence and licence text.
import { readFileSync, readdirSync } from "node:fs";
import { join } from "node:path";

const bundled = JSON.parse(readFileSync("node_modules/.bundled.json", "utf8"));
const dirs = new Set();
for (const input of Object.keys(bundled.inputs)) {
  const match = input.match(/^(node_modules\/(?:@[^/]+\/)?[^/]+)\//);
  if (match) dirs.add(match[1]);
}
const lines = ["codemirror.min.js and vega.min.js bundle these packages (npm ci && npm run build writes this file).", ""];
for (const dir of [...dirs].sort()) {
  const pkg = JSON.parse(readFileSync(join(dir, "package.json"), "utf8"));
  lines.push("=".repeat(78), `${pkg.name} ${pkg.version}: ${pkg.license}`, "");
  const file = readdirSync(dir).find((f) => /^(licen[cs]e|copying)/i.test(f));
  lines.push(file ? readFileSync(join(dir, file), "utf8").trim() : `(no licence file in the package; package.json says ${pkg.license})`, "");
}
process.stdout.write(lines.join("\n") + "\n");
