import { commitImport, previewImport } from '../imports/import-service'
import type { Office } from '../office'
import { signedIn, type PrefixHandlers } from './handler-types'

/** The imports.* methods (contract: src-shared/api/imports.ts). */
export function importsHandlers(office: Office): PrefixHandlers<'imports'> {
  return {
    'imports.preview': (input) => previewImport(office, input),
    'imports.commit': (input, ctx) => commitImport(office, input, signedIn(ctx).id),
  }
}
