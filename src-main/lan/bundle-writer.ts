// The writer lives in core (the office's demo writes bundles too, and core may not import lan).
export { manifestFiles, sha256Hex, writeBundle, type BundleFile } from '../core/inbox/bundle-writer'
