#!/usr/bin/env node
/**
 * The folders of src/ form layers: a folder (or a file at the top of src/, a node of its own) may
 * import only from those below it, so no import cycle runs between folders. This builds the
 * folder-level import graph and fails, printing the edges of each cycle, when there is one;
 * otherwise it prints the layers, bottom up.
 * usage: node scripts/check-layers.mjs [PROJECT_DIR]   (npm run lint:layers)
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = resolve(process.argv[2] ?? join(dirname(fileURLToPath(import.meta.url)), '..'));
const src = join(root, 'src');

function sources(dir) {
  return readdirSync(dir).flatMap((entry) => {
    const path = join(dir, entry);
    if (statSync(path).isDirectory()) return sources(path);
    return path.endsWith('.ts') ? [path] : [];
  });
}

/** A file's node: its folder under src/ (`engine/`), or its own name at the top (`faults.ts`). */
function nodeOf(file) {
  const parts = relative(src, file).split(sep);
  return parts.length > 1 ? `${parts[0]}/` : parts[0];
}

/**
 * Relative specifiers a file imports: `import`/`export ... from`, a bare `import '...'`, and
 * `import('...')`. Statements are matched at the start of a line, so comments that quote one do not count.
 */
const IMPORTS = [
  /^\s*(?:import|export)\b[^'"]*?\bfrom\s*['"](\.[^'"]+)['"]/gm,
  /^\s*import\s*['"](\.[^'"]+)['"]/gm,
  /\bimport\(\s*['"](\.[^'"]+)['"]\s*\)/g,
];

/** node -> (node it imports -> the files that import it). */
const edges = new Map();
for (const file of sources(src)) {
  const text = readFileSync(file, 'utf8');
  for (const pattern of IMPORTS) {
    for (const [, specifier] of text.matchAll(pattern)) {
      const target = resolve(dirname(file), specifier);
      if (!target.startsWith(src + sep)) continue;
      const [from, to] = [nodeOf(file), nodeOf(target.replace(/\.js$/, '.ts'))];
      if (from === to) continue;
      if (!edges.has(from)) edges.set(from, new Map());
      const files = edges.get(from).get(to) ?? new Set();
      files.add(relative(root, file));
      edges.get(from).set(to, files);
    }
  }
}
const nodes = [...new Set([...edges.keys(), ...[...edges.values()].flatMap((m) => [...m.keys()])])].sort();
const targets = (node) => [...(edges.get(node)?.keys() ?? [])].sort();

/** Tarjan's strongly connected components: each one of more than one node is a cycle. */
function cycles() {
  const index = new Map();
  const low = new Map();
  const stack = [];
  const onStack = new Set();
  const found = [];
  const visit = (v) => {
    index.set(v, index.size);
    low.set(v, index.get(v));
    stack.push(v);
    onStack.add(v);
    for (const w of targets(v)) {
      if (!index.has(w)) {
        visit(w);
        low.set(v, Math.min(low.get(v), low.get(w)));
      } else if (onStack.has(w)) low.set(v, Math.min(low.get(v), index.get(w)));
    }
    if (low.get(v) !== index.get(v)) return;
    const component = [];
    let w;
    do {
      w = stack.pop();
      onStack.delete(w);
      component.push(w);
    } while (w !== v);
    if (component.length > 1) found.push(component.sort());
  };
  for (const v of nodes) if (!index.has(v)) visit(v);
  return found;
}

const found = cycles();
if (found.length > 0) {
  for (const component of found) {
    const inside = new Set(component);
    console.error(`import cycle between src/ folders: ${component.join(', ')}`);
    for (const from of component) {
      for (const to of targets(from).filter((t) => inside.has(t))) {
        const files = [...edges.get(from).get(to)].sort();
        const more = files.length > 3 ? `, and ${files.length - 3} more` : '';
        console.error(`  ${from} -> ${to}  (${files.slice(0, 3).join(', ')}${more})`);
      }
    }
  }
  process.exit(1);
}

// No cycle: each node's layer is one above the highest it imports.
const layer = new Map();
const layerOf = (v) => {
  if (!layer.has(v)) layer.set(v, Math.max(-1, ...targets(v).map(layerOf)) + 1);
  return layer.get(v);
};
const layers = [];
for (const v of nodes) {
  const at = layerOf(v);
  layers[at] = [...(layers[at] ?? []), v];
}
console.log(`no import cycle between src/ folders; layers, bottom up (each imports only from those below it):`);
for (const [i, members] of layers.entries()) console.log(`  ${i}: ${members.join(' ')}`);
