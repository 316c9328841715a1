import type { EngineDb } from '../db/engine-db'
import { findSubmissionRefsIn, type SubmissionRef } from '../jobs/submissions.repo'
import { getBundles, type BundleRow } from './bundles.repo'
import { UUID_RE } from './layout'

/**
 * What the scan asks about each folder of a chunk it has claimed (issue #17: on PostgreSQL a
 * statement is a round trip): the folder's inbox row and the closeout stored under its name,
 * read for the whole chunk in two statements. Read after the chunk's crash marks are settled;
 * nothing else writes these rows while the seat holds the folders, so each answer stands until
 * the folder is processed. A folder or id not in the chunk is read when asked.
 */
export class ScanReads {
  private constructor(
    private readonly rows: ReadonlyMap<string, BundleRow>,
    private readonly refs: ReadonlyMap<string, SubmissionRef>,
    private readonly folders: ReadonlySet<string>,
  ) {}

  static async of(edb: EngineDb, folders: readonly string[]): Promise<ScanReads> {
    const named = folders.filter((f) => UUID_RE.test(f))
    return new ScanReads(
      await getBundles(edb, folders),
      await findSubmissionRefsIn(edb.db, edb.engine, named),
      new Set(named),
    )
  }

  /** The folder's row as the chunk was read: null if it has none; undefined if not in the chunk. */
  row(folder: string): BundleRow | null | undefined {
    return this.folders.has(folder) ? (this.rows.get(folder) ?? null) : undefined
  }

  /**
   * The closeout stored under `folder`'s own id as read: null if none; undefined if not read.
   * Only for a bundle in the folder named by its id: a copy under another name (`<id> (1)`) is
   * judged after its original committed, so it asks the database then.
   */
  ref(folder: string, submissionId: string): SubmissionRef | null | undefined {
    return folder === submissionId && this.folders.has(folder) ? (this.refs.get(folder) ?? null) : undefined
  }
}
