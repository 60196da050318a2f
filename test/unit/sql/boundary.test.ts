import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

const SRC = join(import.meta.dirname, '..', '..', '..', 'src');
const SQL_MODULE = join(SRC, 'sql');
const SQL_INDEX = join(SQL_MODULE, 'index.ts');

function files(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? files(join(dir, e.name)) : e.name.endsWith('.ts') ? [join(dir, e.name)] : [],
  );
}

/** The files under src/ that `file` imports (`import ... from`, `export ... from`, `import(...)`). */
function imports(file: string): string[] {
  const text = readFileSync(file, 'utf8');
  const specifiers = [
    ...text.matchAll(
      /^\s*(?:import|export)\b[^'"]*?\bfrom\s*['"](\.[^'"]+)['"]|\bimport\(\s*['"](\.[^'"]+)['"]\s*\)/gm,
    ),
  ];
  return specifiers.map((m) => resolve(dirname(file), (m[1] ?? m[2]) as string).replace(/\.js$/, '.ts'));
}

describe('the SQL module', () => {
  // Fragment and Statement are made by the module's own files only: outside it, they are types
  // (src/sql/index.ts exports no way to make one), so a statement holds nothing it did not build.
  it('is imported through its index only', () => {
    const found = files(SRC)
      .filter((f) => !f.startsWith(SQL_MODULE))
      .flatMap((f) =>
        imports(f)
          .filter((i) => i.startsWith(SQL_MODULE) && i !== SQL_INDEX)
          .map((i) => `${relative(SRC, f)} imports ${relative(SRC, i)}`),
      );
    expect(found).toEqual([]);
  });

  it('the scan sees the imports of the module', () => {
    expect(imports(join(SRC, 'db', 'database.ts'))).toContain(SQL_INDEX);
  });
});
