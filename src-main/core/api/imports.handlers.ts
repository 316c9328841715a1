import { commitAnyImport, previewAnyImport } from '../imports/import-service'
import type { Office } from '../office'
import { signedIn, type PrefixHandlers } from './handler-types'

/** The imports.* methods (contract: src-shared/api/imports.ts). */
export function importsHandlers(office: Office): PrefixHandlers<'imports'> {
  return {
    'imports.preview': (input) => previewAnyImport(office, input),
    'imports.commit': (input, ctx) => commitAnyImport(office, input, signedIn(ctx).id),
  }
}
