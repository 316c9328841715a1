import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { checkOutDir } from '../fs/out-dir'
import { writePacket } from '../packets/packet-folder'
import type { Office } from '../office'
import type { PrefixHandlers } from './handler-types'

/** The packets.* methods (contract: src-shared/api/packets.ts). */
export function packetsHandlers(office: Office): PrefixHandlers<'packets'> {
  return {
    'packets.write': (input) => writePacket(office, input.jobId, checkOutDir(office, input.outDir)),
    'packets.pdf': async (input) => {
      const { folder } = await writePacket(office, input.jobId)
      return {
        name: `${input.jobId} packet.pdf`,
        folder,
        base64: readFileSync(join(folder, 'packet.pdf')).toString('base64'),
      }
    },
  }
}
