import {
  type LakeAttachOptions,
  type LakeCatalog,
  lakeAlias,
  lakeAttachOptions,
  lakeName,
  SOURCE_ALIAS,
} from '../lake-spec.js';
import { ident, literal } from '../quote.js';
import { statement } from '../template.js';

/** Attaching a lake, and what the engine asks DuckLake of it: snapshots, commit messages, orphaned files. */
export const lakeStatements = {
  lakeLoad: () => statement('lake/load'),
  lakeAttach: (catalog: LakeCatalog, options: LakeAttachOptions) =>
    statement('lake/attach', {
      catalog: catalog.attachTarget,
      alias: lakeAlias(),
      options: lakeAttachOptions(options),
    }),
  lakeAttachSource: (path: string) =>
    statement('lake/attach_source', { path: literal(path), alias: ident(SOURCE_ALIAS) }),
  lakeUse: () => statement('lake/use', { alias: lakeAlias() }),
  lakeCommitMessage: () => statement('lake/commit_message', { lake: lakeName() }),
  lakeRunSnapshot: () => statement('lake/run_snapshot', { lake: lakeName() }),
  lakeSnapshots: () => statement('lake/snapshots', { lake: lakeName() }),
  lakeOrphans: () => statement('lake/orphans', { lake: lakeName() }),
  lakeDataPath: () => statement('lake/data_path', { lake: lakeName() }),
};
