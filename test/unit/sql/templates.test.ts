import { readdirSync } from 'node:fs';
import { join, relative, sep } from 'node:path';
import { describe, expect, it } from 'vitest';
import { SQL_DIR } from '../../../src/paths.js';
import { TEMPLATES } from '../../../src/sql/templates.js';

function onDisk(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const path = join(dir, e.name);
    if (e.isDirectory()) return onDisk(path);
    return e.name.endsWith('.sql')
      ? [
          relative(SQL_DIR, path)
            .split(sep)
            .join('/')
            .replace(/\.sql$/, ''),
        ]
      : [];
  });
}

describe('template names', () => {
  it('are the files under sql/, no more and no fewer (npm run sql:templates writes the list)', () => {
    expect([...TEMPLATES]).toEqual(onDisk(SQL_DIR).sort());
  });
});
