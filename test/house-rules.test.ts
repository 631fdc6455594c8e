// The house rules of ARCHITECTURE.md ("One name per role", "Data access: one rule"), checked on disk so a
// new file that breaks them fails here instead of in a reviewer's memory.
import { readdirSync, readFileSync, statSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";

function walk(dir: string): string[] {
  return readdirSync(dir).flatMap((e) => {
    const p = path.join(dir, e);
    return statSync(p).isDirectory() ? [p, ...walk(p)] : [p];
  });
}

const lib = walk("lib").filter((p) => !p.startsWith("lib/db/generated"));
const sources = (dir: string) => walk(dir).filter((p) => /\.(ts|tsx)$/.test(p) && !/\.test\.tsx?$/.test(p));

// Names the domains used before the rule; each role now has one name.
const RETIRED: [RegExp, string][] = [
  [/\/store\.ts$/, "writes live in mutations.ts (or mutations/<use-case>.ts)"],
  [/\/service\.ts$/, "writes live in mutations.ts (or mutations/<use-case>.ts)"],
  [/\/manage\.ts$/, "writes live in mutations.ts"],
  [/^lib\/.*\/actions\.ts$/, "server actions live beside their page in app/; domain writes in mutations.ts"],
  [/-parse\.ts$/, "a parser is formats/<upstream>.ts"],
  [/\/parsers$/, "parsers live in formats/"],
  [/\/finding-queries\.ts$/, "reads live in queries.ts"],
];

describe("one name per role in lib/", () => {
  it("no domain file under a retired name", () => {
    const offenders = lib.flatMap((p) =>
      RETIRED.filter(([re]) => re.test(p)).map(([, why]) => `${p}: ${why}`),
    );
    expect(offenders).toEqual([]);
  });

  it("never a queries.ts or mutations.ts beside a folder of the same role", () => {
    const clashes = lib.filter((p) => /\/(queries|mutations)$/.test(p) && lib.includes(`${p}.ts`));
    expect(clashes).toEqual([]);
  });
});

describe("SQL lives in lib/ only", () => {
  // A query call or a SQL statement in a page, route handler, server action or component.
  const SQL =
    /\.query\s*[<(]|\$queryRaw|\b(SELECT\s+[\w"*]+[\s\S]{0,200}?\bFROM|INSERT\s+INTO|DELETE\s+FROM)\b/;
  for (const dir of ["app", "components"]) {
    it(`${dir}/ runs no SQL itself`, () => {
      const offenders = sources(dir).filter((p) => SQL.test(readFileSync(p, "utf8")));
      expect(offenders).toEqual([]);
    });
  }
});

describe("pages hold no database handle", () => {
  // A page asks its domain's queries for data; choosing a pool or connection is lib/'s business
  // (ARCHITECTURE.md, "Data access: one rule"). The pages below still pass one and are to be moved; the
  // list only shrinks.
  const STILL_PASSING = [
    "app/(app)/risks/[id]/edit/page.tsx",
    "app/(app)/risks/[id]/page.tsx",
    "app/(app)/risks/page.tsx",
    "app/(app)/risks/reviews/page.tsx",
    "app/(app)/risks/settings/page.tsx",
  ];
  const HANDLE = /\b(pool|sqlOfPg|db)\(\)/;
  it("no other page or layout opens one", () => {
    const pages = sources("app").filter((p) => /\/(page|layout)\.tsx$/.test(p));
    expect(pages.filter((p) => HANDLE.test(readFileSync(p, "utf8"))).sort()).toEqual(STILL_PASSING);
  });
});

describe("inline styles carry data only", () => {
  // A fixed look is a class in app/globals.css (one place to restyle, print and dark rules apply); an
  // inline style is for a value computed from data (a level's colour, a chart's height from its rows).
  const STYLE = /style=\{\{([^{}]*)\}\}/g;
  const LITERAL = /^\s*[\w-]+\s*:\s*(-?\d+(\.\d+)?|"[^"]*"|'[^']*')\s*$/;
  const isStatic = (body: string) =>
    body
      .split(",")
      .filter((p) => p.trim())
      .every((p) => LITERAL.test(p));
  it("no page or component sets a style written out as constants", () => {
    const offenders = [...sources("app"), ...sources("components")].flatMap((p) =>
      [...readFileSync(p, "utf8").matchAll(STYLE)].filter((m) => isStatic(m[1])).map((m) => `${p}: ${m[0]}`),
    );
    expect(offenders).toEqual([]);
  });
});
