import { readFileSync } from "fs";
import { join } from "path";
import { catalog, ROOT } from "../helpers/forms";

test("the README lists every rule a pack declares not checkable from sheet data", () => {
  const readme = readFileSync(join(ROOT, "README.md"), "utf8");
  const missing = catalog()
    .packs.flatMap((p) => p.pack.notCheckable ?? [])
    .filter((n) => !readme.includes(`${n.ref} ${n.ruleId}`))
    .map((n) => `${n.ref} ${n.ruleId}`);
  expect(missing).toEqual([]);
});

test("the README's two commands exist as npm scripts, and .ci/run runs the test command", () => {
  const pkg = JSON.parse(readFileSync(join(ROOT, "package.json"), "utf8")) as { scripts: Record<string, string> };
  expect(pkg.scripts.demo).toBeDefined();
  expect(pkg.scripts.test).toBeDefined();
  const ci = readFileSync(join(ROOT, ".ci", "run"), "utf8");
  expect(ci.trim().split("\n").pop()).toBe("npm test");
  expect(readFileSync(join(ROOT, "README.md"), "utf8")).toContain("npm run demo");
});
