#!/usr/bin/env node
/**
 * Writes src/sql/templates.ts: the name of every template under sql/ (its path without `.sql`), so
 * that a template name is a type the compiler checks. test/sql/templates.test.ts fails when the
 * list and the files differ; run this after adding, moving or removing a template.
 * usage: node scripts/sql-templates.mjs   (npm run sql:templates)
 */
import { readdirSync, writeFileSync } from 'node:fs';
import { dirname, join, relative, sep } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const sqlDir = join(root, 'sql');

function templates(dir) {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const path = join(dir, e.name);
    if (e.isDirectory()) return templates(path);
    return e.name.endsWith('.sql')
      ? [
          relative(sqlDir, path)
            .split(sep)
            .join('/')
            .replace(/\.sql$/, ''),
        ]
      : [];
  });
}

const names = templates(sqlDir).sort();
const text =
  `// Written by scripts/sql-templates.mjs from the files under sql/; test/sql/templates.test.ts ` +
  `compares them.

/** Every template under sql/, by its path without \`.sql\`. */
export const TEMPLATES = [
${names.map((n) => `  '${n}',`).join('\n')}
] as const;

export type TemplateName = (typeof TEMPLATES)[number];
`;
writeFileSync(join(root, 'src', 'sql', 'templates.ts'), text);
console.log(`${names.length} templates`);
